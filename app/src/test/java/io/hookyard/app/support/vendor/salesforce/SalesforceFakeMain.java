package io.hookyard.app.support.vendor.salesforce;

import io.hookyard.app.support.vendor.FakeMains;
import java.util.List;
import java.util.Map;

/**
 * The Salesforce fake on its own: {@code scripts/vendor-fake.sh salesforce [port (9102)]}. Three
 * accounts to start; the token answer's {@code instance_url} is the fake, so only the OAuth URLs
 * need pointing at it; its authorize page consents at once.
 */
public final class SalesforceFakeMain {
  private SalesforceFakeMain() {}

  public static void main(String[] args) {
    SalesforceFake fake = new SalesforceFake(FakeMains.port(args, 9102));
    for (String name : List.of("Acme", "Globex", "Initech")) {
      fake.create("Account", Map.of("Name", name, "Industry", "Energy"));
    }
    String sf = "--hookyard.connections.vendors.salesforce.";
    FakeMains.print(
        "Salesforce fake on " + fake.baseUrl() + ", 3 accounts; daily allocation 15,000 calls",
        List.of(
            sf + "token-url=" + fake.baseUrl() + "/services/oauth2/token",
            sf + "authorize-url=" + fake.baseUrl() + "/services/oauth2/authorize"),
        "{\"vendor\": \"salesforce\", \"auth\": {\"client_id\": \""
            + SalesforceFake.CLIENT_ID
            + "\", \"client_secret\": \""
            + SalesforceFake.CLIENT_SECRET
            + "\"}}",
        "then authorize: curl -sL -H \"Authorization: Bearer $KEY\""
            + " localhost:8080/api/v1/connections/$CONN/authorize  (the fake consents at once)",
        "{\"entity\": \"Account\", \"interval\": \"PT1M\", \"since\": \"1970-01-01T00:00:00Z\"}");
  }
}
