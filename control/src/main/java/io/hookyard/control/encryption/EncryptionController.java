package io.hookyard.control.encryption;

import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.schemas.crypto.SecretBox;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operator's view of the keys sealing secrets at rest, and the reseal that moves every sealed
 * secret to the newest key, so older keys can be dropped. Secrets, ciphertexts and keys never
 * appear in an answer or a log line: only key ids, entity ids and counts.
 */
@RestController
@RequestMapping("/api/v1/admin/encryption")
class EncryptionController {
  private static final Logger log = LoggerFactory.getLogger(EncryptionController.class);
  private static final Duration PROPAGATION = Duration.ofSeconds(30);

  private final SecretBox box;
  private final List<Resealable> resealables;
  private final OutboxRelay relay;

  EncryptionController(SecretBox box, List<Resealable> resealables, OutboxRelay relay) {
    this.box = box;
    this.resealables = List.copyOf(resealables);
    this.relay = relay;
  }

  /**
   * @param keyId the key that seals
   * @param keyIds every key that opens, the sealing one first
   */
  record Keys(String keyId, List<String> keyIds) {}

  /** One entity the reseal could not open, left as it was. */
  record Failure(String kind, String tenantId, String id, String reason) {}

  /**
   * @param resealed per kind, the entities sealed anew under {@code keyId}
   * @param unchanged per kind, those already sealed under it
   * @param failed those that did not open: the key that sealed them is not configured
   */
  record Answer(
      String keyId,
      Map<String, Long> resealed,
      Map<String, Long> unchanged,
      List<Failure> failed) {}

  @GetMapping
  @Operation(summary = "The keys sealing secrets at rest (ids only)")
  Mono<Keys> keys(Principal principal) {
    principal.requireOperator();
    return Mono.just(new Keys(box.keyId(), box.keyIds()));
  }

  @PostMapping("/reseal")
  @Operation(
      summary = "Reseal every secret under the newest encryption key",
      description =
          "Endpoint signing secrets (a rotated-out one still signing included), endpoint header"
              + " values, source secrets, connection credentials and tokens: each sealed under"
              + " another configured key is opened and sealed under hookyard.encryption-key, one"
              + " entity per transaction, and republished on hookyard.config. Safe to repeat and"
              + " to interrupt. Drop a previous key only once an answer lists no failures and"
              + " counts nothing as resealed.")
  Mono<Answer> reseal(Principal principal) {
    principal.requireOperator();
    Map<String, Long> resealed = new TreeMap<>();
    Map<String, Long> unchanged = new TreeMap<>();
    List<Failure> failed = new ArrayList<>();
    long[] lastSeq = {0};
    return Flux.fromIterable(resealables)
        .concatMap(
            kind -> {
              resealed.put(kind.kind(), 0L);
              unchanged.put(kind.kind(), 0L);
              return kind.reseal(box)
                  .doOnNext(
                      r -> {
                        switch (r.status()) {
                          case RESEALED -> resealed.merge(kind.kind(), 1L, Long::sum);
                          case CURRENT -> unchanged.merge(kind.kind(), 1L, Long::sum);
                          case FAILED ->
                              failed.add(
                                  new Failure(kind.kind(), r.tenantId(), r.id(), r.reason()));
                          case GONE -> {}
                        }
                        lastSeq[0] = Math.max(lastSeq[0], r.outboxSeq());
                      });
            })
        .then(
            Mono.defer(
                () ->
                    lastSeq[0] == 0
                        ? Mono.<Void>empty()
                        : relay.awaitPublished(lastSeq[0], PROPAGATION)))
        .then(
            Mono.fromSupplier(
                () -> {
                  log.info(
                      "resealed under key {}: {} resealed, {} unchanged, {} failed",
                      box.keyId(),
                      resealed,
                      unchanged,
                      failed.size());
                  return new Answer(box.keyId(), resealed, unchanged, List.copyOf(failed));
                }));
  }
}
