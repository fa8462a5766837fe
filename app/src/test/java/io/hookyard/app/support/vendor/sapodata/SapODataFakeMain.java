package io.hookyard.app.support.vendor.sapodata;

import io.hookyard.app.support.vendor.FakeMains;
import java.util.List;
import java.util.Map;

/**
 * The SAP Gateway fake on its own: {@code scripts/vendor-fake.sh sap-odata [port (9104)]}. Three
 * business partners in the OData v2 {@code API_BUSINESS_PARTNER} service to start; the connection's
 * {@code service_url} keeps its path, the setting swaps its host for the fake's.
 */
public final class SapODataFakeMain {
  private SapODataFakeMain() {}

  public static void main(String[] args) {
    SapODataFake fake = new SapODataFake(FakeMains.port(args, 9104));
    String[] names = {"Acme AG", "Globex GmbH", "Initech BV"};
    for (int i = 0; i < names.length; i++) {
      fake.put(
          SapODataFake.V2_SET,
          "100000" + (11 + i),
          Map.of(
              "BusinessPartnerFullName",
              names[i],
              "BusinessPartnerCategory",
              "2",
              "CreationDate",
              "/Date(1700000000000)/",
              "SearchTerm1",
              "P" + i));
    }
    FakeMains.print(
        "SAP OData fake on "
            + fake.baseUrl()
            + ": v2 "
            + SapODataFake.V2_SERVICE
            + " ("
            + SapODataFake.V2_SET
            + ", 3 partners), v4 "
            + SapODataFake.V4_SERVICE,
        List.of("--hookyard.connections.vendors.sap-odata.base-url=" + fake.baseUrl()),
        "{\"vendor\": \"sap-odata\", \"auth\": {\"username\": \""
            + SapODataFake.USER
            + "\", \"password\": \""
            + SapODataFake.PASSWORD
            + "\"}, \"settings\": {\"service_url\": \"https://s4.example.com"
            + SapODataFake.V2_SERVICE
            + "\", \"version\": \"v2\"}}",
        null,
        "{\"entity\": \""
            + SapODataFake.V2_SET
            + "\", \"interval\": \"PT1M\", \"since\": \"1970-01-01T00:00:00Z\", \"settings\":"
            + " {\"key\": \"BusinessPartner\", \"modified_field\": \"LastChangeDateTime\","
            + " \"select\": \"BusinessPartnerFullName,CreationDate\"}}");
  }
}
