package io.hookyard.ingest.sync;

import java.net.URI;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's replacements for vendors' API hosts ({@code
 * hookyard.connections.vendors.<vendor>.base-url}), the same settings control's connection checks
 * read: an Exact Online region, a Salesforce sandbox, a loopback fake in tests.
 */
@ConfigurationProperties("hookyard.connections")
record VendorUrls(Map<String, Urls> vendors, java.time.Duration timeout) {
  VendorUrls {
    vendors = vendors == null ? Map.of() : Map.copyOf(vendors);
    timeout = timeout == null ? java.time.Duration.ofSeconds(30) : timeout;
  }

  record Urls(URI baseUrl) {}

  URI baseUrl(String vendor, URI fallback) {
    Urls urls = vendors.get(vendor);
    return urls == null || urls.baseUrl() == null ? fallback : urls.baseUrl();
  }
}
