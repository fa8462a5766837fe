package io.hookyard.app.support.vendor.pipedrive;

import io.hookyard.app.support.vendor.FakeMains;
import java.util.List;
import java.util.Map;

/**
 * The Pipedrive fake on its own: {@code scripts/vendor-fake.sh pipedrive [port (9103)]}. Three
 * persons to start; 80 requests per 2 s, as a Pipedrive plan allows.
 */
public final class PipedriveFakeMain {
  private PipedriveFakeMain() {}

  public static void main(String[] args) {
    PipedriveFake fake = new PipedriveFake(FakeMains.port(args, 9103));
    String[] names = {"Ada Lovelace", "Grace Hopper", "Alan Turing"};
    for (int i = 0; i < names.length; i++) {
      fake.put(
          "persons",
          101 + i,
          Map.of(
              "name",
              names[i],
              "emails",
              List.of(Map.of("value", "p" + (101 + i) + "@example.com", "primary", true))));
    }
    FakeMains.print(
        "Pipedrive fake on " + fake.baseUrl() + ", 3 persons; 80 requests per 2 s",
        List.of("--hookyard.connections.vendors.pipedrive.base-url=" + fake.baseUrl()),
        "{\"vendor\": \"pipedrive\", \"auth\": {\"access_token\": \""
            + PipedriveFake.TOKEN
            + "\"}, \"settings\": {\"company_domain\": \""
            + PipedriveFake.COMPANY_DOMAIN
            + "\"}}",
        null,
        "{\"entity\": \"persons\", \"interval\": \"PT1M\", \"since\": \"1970-01-01T00:00:00Z\"}");
  }
}
