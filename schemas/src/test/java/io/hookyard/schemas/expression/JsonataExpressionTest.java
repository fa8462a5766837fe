package io.hookyard.schemas.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonataExpressionTest {
  private static final byte[] EVENT =
      "{\"event_type\":\"invoice.paid\",\"data\":{\"amount\":4200,\"currency\":\"EUR\",\"note\":null}}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void filtersAreConditionsOverTheEvent() {
    assertThat(JsonataExpression.compile("data.amount > 1000").test(EVENT)).isTrue();
    assertThat(JsonataExpression.compile("data.currency = 'USD'").test(EVENT)).isFalse();
    assertThat(JsonataExpression.compile("data.missing").test(EVENT)).isFalse();
  }

  @Test
  void transformsBuildANewBody() {
    byte[] body =
        JsonataExpression.compile(
                "{'total': data.amount / 100, 'ccy': data.currency, 'n': data.note}")
            .apply(EVENT)
            .orElseThrow();
    var tree = Json.tree(body);
    assertThat(tree.path("total").asDouble()).isEqualTo(42.0);
    assertThat(tree.path("ccy").asString()).isEqualTo("EUR");
    assertThat(tree.path("n").isNull()).isTrue();
    assertThat(JsonataExpression.compile("data.missing").apply(EVENT)).isEmpty();
  }

  @Test
  void badExpressionsAreReportedNotThrownAsSomethingElse() {
    assertThat(JsonataExpression.problem("data.amount >")).isPresent();
    assertThat(JsonataExpression.problem("data.amount > 1")).isEmpty();
    assertThatThrownBy(() -> JsonataExpression.compile("$unknownFunction(1)").apply(EVENT))
        .isInstanceOf(JsonataExpression.ExpressionException.class);
  }

  @Test
  void aRunawayExpressionIsStopped() {
    JsonataExpression forever =
        JsonataExpression.compile("($f := function($n) { $n > 0 ? $f($n + 1) : 0 }; $f(1))");
    assertThatThrownBy(() -> forever.apply(EVENT))
        .isInstanceOf(JsonataExpression.ExpressionException.class);
  }
}
