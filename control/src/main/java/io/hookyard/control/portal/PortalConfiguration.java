package io.hookyard.control.portal;

import io.hookyard.schemas.crypto.SecretBox;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
class PortalConfiguration {

  @Bean
  PortalSessions portalSessions(DatabaseClient db) {
    return new PortalSessions(db);
  }

  /** Signs under a key derived from the encryption key, so every instance checks every link. */
  @Bean
  PortalToken portalToken(SecretBox box) {
    return new PortalToken(box.derivedKey("hookyard portal links v1"), Clock.systemUTC());
  }

  @Bean
  PortalFilter portalFilter(PortalToken portalToken, PortalSessions portalSessions) {
    return new PortalFilter(portalToken, portalSessions);
  }
}
