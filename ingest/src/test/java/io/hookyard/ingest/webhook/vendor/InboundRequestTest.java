package io.hookyard.ingest.webhook.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundRequestTest {

  static InboundRequest at(String url) {
    return new InboundRequest(
        "POST", URI.create(url), Map.of("X-Mixed-Case", List.of("v")), new byte[0]);
  }

  @Test
  void decodesQueryParametersAndFindsHeadersCaseInsensitively() {
    var request = at("https://h/in/s?a=1&validationToken=Validation%3a+Testing&flag");

    assertThat(request.queryParameter("validationToken")).isEqualTo("Validation: Testing");
    assertThat(request.queryParameter("flag")).isEmpty();
    assertThat(request.queryParameter("missing")).isNull();
    assertThat(request.header("x-mixed-CASE")).isEqualTo("v");
  }

  @Test
  void cannotHoldAMalformedEscapeForTheDecoderToTripOn() {
    // java.net.URI refuses it first, so queryParameter never meets one
    assertThatThrownBy(() -> at("https://h/in/s?code=%zz"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
