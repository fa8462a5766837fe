package io.hookyard.app.support.vendor.exactonline;

import io.hookyard.app.support.vendor.FakeMains;
import java.io.IOException;
import java.util.Map;

/**
 * The Exact Online fake on its own: {@code scripts/vendor-fake.sh exact-online [port (9101)]}.
 * Three accounts to start; its limits as Exact's (60 calls a minute, 5,000 a day, tokens of 10
 * minutes, single-use refresh tokens); its authorize page consents at once.
 */
public final class ExactOnlineFakeMain {
  private ExactOnlineFakeMain() {}

  public static void main(String[] args) throws IOException {
    ExactOnlineFake fake = new ExactOnlineFake(FakeMains.port(args, 9101));
    String[] names = {"Acme Coffee", "Globex Roasters", "Initech Beans"};
    for (int i = 0; i < names.length; i++) {
      fake.put(
          "Accounts",
          String.format("00000000-0000-0000-0000-%012d", i + 1),
          Map.of("Code", "" + (10001 + i), "Name", names[i], "Status", "C"));
    }
    FakeMains.print(
        "Exact Online fake on "
            + fake.baseUrl()
            + ", division "
            + ExactOnlineFake.DIVISION
            + ", 3 accounts; 60 calls a minute, access tokens live 10 minutes",
        ExactConnections.settings(fake),
        "{\"vendor\": \"exact-online\", \"auth\": {\"client_id\": \""
            + ExactOAuth.CLIENT_ID
            + "\", \"client_secret\": \""
            + ExactOAuth.CLIENT_SECRET
            + "\"}, \"settings\": {\"division\": "
            + ExactOnlineFake.DIVISION
            + "}}",
        "then authorize: curl -sL -H \"Authorization: Bearer $KEY\""
            + " localhost:8080/api/v1/connections/$CONN/authorize  (the fake consents at once)",
        "{\"entity\": \"accounts\", \"interval\": \"PT1M\", \"since\": \"1970-01-01T00:00:00Z\"}");
  }
}
