package io.hookyard.control.portal;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.json.Json;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Keeps what a portal link creates or changes to webhook endpoints: a vendor destination would act
 * with one of the tenant's connections (its Slack, its CRM), which is not the customer's to use.
 * Reads the body once, checks it, and hands the same bytes on to the route.
 */
final class WebhookOnly {
  private static final int MAX_BODY = 1024 * 1024;
  private static final List<String> DESTINATION_FIELDS =
      List.of("connection_id", "action", "settings");

  private WebhookOnly() {}

  static Mono<ServerWebExchange> check(ServerWebExchange exchange) {
    return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY)
        .map(
            joined -> {
              byte[] bytes = new byte[joined.readableByteCount()];
              joined.read(bytes);
              DataBufferUtils.release(joined);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .map(
            bytes -> {
              refuseDestinations(bytes);
              return exchange
                  .mutate()
                  .request(
                      new ServerHttpRequestDecorator(exchange.getRequest()) {
                        @Override
                        public Flux<DataBuffer> getBody() {
                          return Flux.defer(
                              () -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
                        }
                      })
                  .build();
            });
  }

  private static void refuseDestinations(byte[] bytes) {
    JsonNode body;
    try {
      body = bytes.length == 0 ? null : Json.tree(bytes);
    } catch (Json.JsonException e) {
      return; // not JSON: the route answers 400 as it always does
    }
    if (body == null || !body.isObject()) {
      return;
    }
    JsonNode type = body.get("type");
    boolean destination =
        type != null && !type.isNull() && !"webhook".equals(type.asString(""))
            || DESTINATION_FIELDS.stream()
                .anyMatch(f -> body.get(f) != null && !body.get(f).isNull());
    if (destination) {
      throw ApiException.forbidden("a portal link manages webhook endpoints only");
    }
  }
}
