package io.hookyard.ingest.vendor.sapodata;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ODataValuesTest {
  private static final Instant AT = Instant.parse("2024-01-01T00:00:00.750Z");

  @Test
  void v2FilterLiteralsFollowTheFieldsType() {
    assertThat(ODataValues.literal("v2", "datetime", AT))
        .isEqualTo("datetime'2024-01-01T00:00:00'");
    assertThat(ODataValues.literal("v2", "datetimeoffset", AT))
        .isEqualTo("datetimeoffset'2024-01-01T00:00:00Z'");
    assertThat(ODataValues.literal("v2", "", AT))
        .as("DateTimeOffset by default")
        .isEqualTo("datetimeoffset'2024-01-01T00:00:00Z'");
  }

  @Test
  void v4FilterLiteralsAreBare() {
    assertThat(ODataValues.literal("v4", "datetime", AT)).isEqualTo("2024-01-01T00:00:00Z");
  }

  @Test
  void v2DatesAreMillisecondsWhateverTheOffsetSays() {
    assertThat(ODataValues.instant("/Date(1700000000000)/"))
        .isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
    assertThat(ODataValues.instant("/Date(1700000000000+0060)/"))
        .isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
    assertThat(ODataValues.instant("/Date(-86400000)/"))
        .isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
  }

  @Test
  void v4DatesAreRfc3339AndZonelessOnesUtc() {
    assertThat(ODataValues.instant("2024-01-01T02:00:00.123+02:00"))
        .isEqualTo(Instant.parse("2024-01-01T00:00:00.123Z"));
    assertThat(ODataValues.instant("2024-01-01T00:00:00"))
        .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(ODataValues.instant("not a date")).isNull();
    assertThat(ODataValues.instant(null)).isNull();
  }

  @Test
  void recordsLoseODatasBookkeepingAndGetReadableDates() {
    ObjectNode cleaned =
        ODataValues.clean(
            Json.tree(
                """
                {"__metadata": {"uri": "x", "type": "T"}, "@odata.etag": "W/\\"1\\"",
                 "Id": "1", "CreationDate": "/Date(1700000000000)/",
                 "to_Address": {"__deferred": {"uri": "y"}}, "Name": "A"}
                """
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(cleaned.propertyNames()).containsExactly("Id", "CreationDate", "Name");
    assertThat(cleaned.path("CreationDate").asString()).isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void sapsErrorsAreToldInOurWordsFromEitherFormat() {
    String v2 =
        ODataErrors.describe(
            "v2",
            "A_BusinessPartner",
            400,
            Json.tree(
                """
                {"error": {"code": "/IWBEP/CM_MGW_RT/022",
                  "message": {"lang": "en", "value": "Property 'X' is invalid"},
                  "innererror": {"transactionid": "ABC"}}}
                """
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(v2)
        .isEqualTo(
            "sap-odata (v2) refused the query of A_BusinessPartner (HTTP 400,"
                + " /IWBEP/CM_MGW_RT/022): Property 'X' is invalid")
        .doesNotContain("ABC");
    String v4 =
        ODataErrors.describe(
            "v4",
            "SalesOrder",
            404,
            Json.tree(
                """
                {"error": {"code": "X", "message": "No such set", "details": []}}
                """
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(v4)
        .isEqualTo("sap-odata (v4) has no entity set SalesOrder (HTTP 404, X): No such set");
  }
}
