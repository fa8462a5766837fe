package io.hookyard.control.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.http.error.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class MappingRequestTest {

  @Test
  void anExpressionThatCompilesIsKeptAsWritten() {
    String expression = "{\"tier\": properties.Tier__c}";
    assertThat(new MappingRequest(expression).checkedExpression()).isEqualTo(expression);
  }

  @Test
  void aMissingOrBrokenExpressionIsA422NamingExpression() {
    for (String bad : new String[] {null, " ", "{\"a\": ", "$$$("}) {
      assertThatThrownBy(() -> new MappingRequest(bad).checkedExpression())
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                assertThat(e.details()).containsEntry("field", "expression");
              });
    }
  }
}
