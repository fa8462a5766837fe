package io.hookyard.control.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PortalTokenTest {
  private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final String SESSION = "pts_01m90x7b7fx06adyx8y647dy4t";

  private static PortalToken at(Instant now, byte[] key) {
    return new PortalToken(key, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aTokenNamesItsSessionUntilItExpires() {
    String token = at(NOW, KEY).sign(SESSION, NOW.plusSeconds(60));

    assertThat(token).startsWith("hkp_");
    assertThat(at(NOW.plusSeconds(59), KEY).verify(token)).contains(SESSION);
    assertThat(at(NOW.plusSeconds(60), KEY).verify(token)).isEmpty();
  }

  @Test
  void aChangedSessionExpiryOrSignatureOrAnotherKeyIsRefused() {
    String token = at(NOW, KEY).sign(SESSION, NOW.plusSeconds(60));
    String[] parts = token.substring(4).split("\\.");

    String otherSession = "hkp_pts_01m90x7b7fx06adyx8y647dy4u." + parts[1] + "." + parts[2];
    String later = "hkp_" + parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2];
    String unsigned = "hkp_" + parts[0] + "." + parts[1] + ".";
    assertThat(at(NOW, KEY).verify(otherSession)).isEmpty();
    assertThat(at(NOW, KEY).verify(later)).isEmpty();
    assertThat(at(NOW, KEY).verify(unsigned)).isEmpty();
    assertThat(at(NOW, "x".repeat(32).getBytes(StandardCharsets.UTF_8)).verify(token)).isEmpty();
    assertThat(at(NOW, KEY).verify("hk_" + token.substring(4))).isEmpty();
  }
}
