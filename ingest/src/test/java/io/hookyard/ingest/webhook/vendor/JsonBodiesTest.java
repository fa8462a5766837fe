package io.hookyard.ingest.webhook.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> texts(List<byte[]> slices) {
    return slices.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void wellFormedIsOneWholeJsonValueAndNothingElse() {
    assertThat(JsonBodies.wellFormed(utf8(" {\"a\":[1,{\"b\":null}]} \n"))).isTrue();
    assertThat(JsonBodies.wellFormed(utf8("[1,2]"))).isTrue();
    assertThat(JsonBodies.wellFormed(utf8("{\"a\":[1,{\"b\":nu"))).isFalse(); // cut short
    assertThat(JsonBodies.wellFormed(utf8("{\"a\":1"))).isFalse();
    assertThat(JsonBodies.wellFormed(utf8("{\"a\":1} {\"b\":2}"))).isFalse();
    assertThat(JsonBodies.wellFormed(utf8("{\"a\":1}garbage"))).isFalse();
    assertThat(JsonBodies.wellFormed(utf8("<xml/>"))).isFalse();
    assertThat(JsonBodies.wellFormed(utf8(""))).isFalse();
    assertThat(JsonBodies.wellFormed(utf8("[".repeat(5000) + "]".repeat(5000)))).isFalse();
  }

  @Test
  void cutsArrayElementsAsSentWithoutReserialising() {
    var slices =
        JsonBodies.arrayElements(utf8("[ {\"a\": 1.50, \"é\":\"x\"} ,{\"b\":[1,2]},\"s\", 7 ]"));

    assertThat(texts(slices))
        .containsExactly("{\"a\": 1.50, \"é\":\"x\"}", "{\"b\":[1,2]}", "\"s\"", "7");
  }

  @Test
  void findsAFieldsArrayOrObjectAfterOtherFields() {
    byte[] body = utf8("{\"x\":{\"value\":[0]},\"value\":[{\"id\":1}],\"y\":2}");

    assertThat(texts(JsonBodies.fieldArrayElements(body, "value"))).containsExactly("{\"id\":1}");
    assertThat(new String(JsonBodies.fieldObject(body, "x"), StandardCharsets.UTF_8))
        .isEqualTo("{\"value\":[0]}");
  }

  @Test
  void readsATopLevelTextFieldAndNotOneNestedDeeper() {
    byte[] body = utf8("{\"data\":{\"type\":\"inner\"},\"n\":7,\"type\":\"invoice.paid\"}");

    assertThat(JsonBodies.topLevelText(body, "type")).isEqualTo("invoice.paid");
    assertThat(JsonBodies.topLevelText(body, "n")).isEqualTo("7");
    assertThat(JsonBodies.topLevelText(body, "data")).isNull();
    assertThat(JsonBodies.topLevelText(utf8("{\"data\":{\"type\":\"inner\"}}"), "type")).isNull();
    assertThat(JsonBodies.topLevelText(utf8("{\"type\":null}"), "type")).isNull();
    assertThat(JsonBodies.topLevelText(utf8("[{\"type\":\"x\"}]"), "type")).isNull();
    assertThat(JsonBodies.topLevelText(utf8("nope"), "type")).isNull();
  }

  @Test
  void yieldsNullForWhatItCannotRead() {
    assertThat(JsonBodies.arrayElements(utf8("{\"a\":1}"))).isNull();
    assertThat(JsonBodies.arrayElements(utf8("[1,"))).isNull();
    assertThat(JsonBodies.fieldObject(utf8("[]"), "x")).isNull();
    assertThat(JsonBodies.tree(utf8("nope"))).isNull();
  }
}
