package io.hookyard.ingest;

import io.hookyard.http.HttpConfiguration;
import io.hookyard.ingest.publish.EventPublisher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingest role: the publish API (and, later, vendor webhooks and pollers). On only when {@code
 * hookyard.roles} names {@code ingest}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hookyard.roles:ingest,streams,dispatch,control}'.contains('ingest')")
@Import(HttpConfiguration.class)
@ComponentScan(basePackageClasses = EventPublisher.class)
public class IngestConfiguration {}
