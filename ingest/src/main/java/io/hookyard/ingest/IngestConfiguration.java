package io.hookyard.ingest;

import io.hookyard.http.HttpConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingest role: the publish API and the raw-payload blob store (vendor webhooks and pollers come
 * next). On only when {@code hookyard.roles} names {@code ingest}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hookyard.roles:ingest,streams,dispatch,control}'.contains('ingest')")
@Import(HttpConfiguration.class)
@ComponentScan
public class IngestConfiguration {}
