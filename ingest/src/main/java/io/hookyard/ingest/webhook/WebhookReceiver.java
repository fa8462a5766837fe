package io.hookyard.ingest.webhook;

import io.hookyard.http.error.ApiException;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.schemas.config.SourceConfig;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.inbound.InboundRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /in/{source_id}}: where vendors deliver. The raw body is read once and verified the way
 * that vendor signs; a bad or missing signature is a 401 and nothing is stored, counted and logged
 * sparingly ({@link Refusals}). A verified body that is not what the vendor sends (JSON cut short,
 * XML that does not parse) is a 400 {@code malformed_body} and nothing is stored. Handshakes are
 * answered. A verified request is answered 2xx only after every vendor event in it is on {@code
 * hookyard.inbound.raw}; when Kafka cannot take it the answer is 503 with Retry-After, so the
 * vendor retries and nothing is lost. The raw archive is filled from that topic afterwards, off
 * this path ({@code io.hookyard.ingest.archive.InboundArchive} states its guarantee).
 *
 * <p>This class knows no HTTP server: {@link WebhookRoute} reads the request and writes the answer
 * it emits, or the error envelope of the {@link ApiException} it fails with.
 */
final class WebhookReceiver {
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final int CLAIM_CHECK_BYTES = 256 * 1024;
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

  /** The source setting that names the header carrying its signature or secret. */
  private static final String SOURCE_SECRET_HEADER = "header";

  private final Sources sources;
  private final InboundPublisher publisher;
  private final Archiver archiver;
  private final Refusals refusals;
  private final Clock clock;

  WebhookReceiver(
      Sources sources,
      InboundPublisher publisher,
      Archiver archiver,
      Refusals refusals,
      Clock clock) {
    this.sources = sources;
    this.publisher = publisher;
    this.archiver = archiver;
    this.refusals = refusals;
    this.clock = clock;
  }

  /** The source a request is for, before its body is read; or a 404 {@link ApiException}. */
  Mono<Sources.Resolved> source(String sourceId) {
    return sources
        .find(sourceId)
        .switchIfEmpty(
            Mono.error(
                () -> {
                  refusals.unknownSource();
                  return ApiException.notFound("source", sourceId);
                }));
  }

  /** The answer for the vendor, emitted once Kafka has what it must; or an {@link ApiException}. */
  Mono<Verdict.Reply> receive(Sources.Resolved source, InboundRequest request) {
    Instant now = clock.instant();
    Verdict verdict;
    try {
      verdict = source.adapter().verify(request, source.spec(), now);
    } catch (InboundRequest.UnreadableUrlException e) {
      return Mono.error(ApiException.badRequest("malformed_request", e.getMessage()));
    } catch (IllegalArgumentException e) {
      // the source's settings cannot verify anything (a bad algorithm name, say): refuse, loudly
      // (once a minute: every request would say it again)
      verdict = new Verdict.Rejected("source_misconfigured");
    }
    if (Verdict.Rejected.MALFORMED_BODY.equals(verdict)
        || (verdict instanceof Verdict.Accepted
            && !source.adapter().bodyFormat().accepts(request))) {
      return Mono.error(malformedBody(source.adapter().type()));
    }
    if (verdict instanceof Verdict.Rejected rejected) {
      refusals.unauthenticated(source.config().id().value(), rejected.reason());
      return Mono.error(
          new ApiException(
              HttpStatus.UNAUTHORIZED,
              "signature_invalid",
              "the request is not signed the way this source expects (" + rejected.reason() + ")",
              Map.of("reason", rejected.reason())));
    }
    if (verdict instanceof Verdict.Handshake handshake) {
      return Mono.just(handshake.reply());
    }
    Verdict.Accepted accepted = (Verdict.Accepted) verdict;
    Map<String, String> headers = keptHeaders(request, source.config());
    List<VendorEvent> events = accepted.events();
    Verdict.Reply reply =
        accepted.reply() != null
            ? accepted.reply()
            : new Verdict.Reply(
                200,
                "application/json",
                ("{\"accepted\":" + events.size() + "}").getBytes(StandardCharsets.UTF_8));
    return records(source.config(), events, headers, now)
        .flatMap(
            records ->
                publisher
                    .publish(records)
                    .onErrorMap(
                        e -> {
                          log.warn(
                              "source {}: request not accepted, Kafka unavailable ({})",
                              source.config().id(),
                              e.getClass().getSimpleName());
                          return ApiException.unavailable(
                              "cannot store the webhook right now; retry later");
                        }))
        .thenReturn(reply);
  }

  private static ApiException malformedBody(String type) {
    return ApiException.badRequest(
        "malformed_body", "the body is not what a " + type + " source sends (cut short?)");
  }

  /** The records in the events' order; only bodies over the claim-check size wait for storage. */
  private Mono<List<InboundRecord>> records(
      SourceConfig source, List<VendorEvent> events, Map<String, String> headers, Instant now) {
    if (events.stream().allMatch(e -> e.body().length <= CLAIM_CHECK_BYTES)) {
      List<InboundRecord> records = new ArrayList<>(events.size());
      for (VendorEvent event : events) {
        records.add(
            record(
                source, event, headers, now, Ids.next(InboundRecord.PREFIX), event.body(), null));
      }
      return Mono.just(records);
    }
    return Flux.fromIterable(events)
        .concatMap(event -> claimChecked(source, event, headers, now))
        .collectList();
  }

  private Mono<InboundRecord> claimChecked(
      SourceConfig source, VendorEvent event, Map<String, String> headers, Instant now) {
    if (event.body().length <= CLAIM_CHECK_BYTES) {
      return Mono.just(
          record(source, event, headers, now, Ids.next(InboundRecord.PREFIX), event.body(), null));
    }
    String id = Ids.next(InboundRecord.PREFIX);
    return archiver
        .storeBody(Archiver.folder(source.tenantId(), source.id(), now), id, event.body())
        .map(blobKey -> record(source, event, headers, now, id, null, blobKey));
  }

  private static InboundRecord record(
      SourceConfig source,
      VendorEvent event,
      Map<String, String> headers,
      Instant now,
      String id,
      byte[] body,
      String blobKey) {
    String dedupKey =
        event.dedupKey() != null ? event.dedupKey() : "sha256:" + sha256(event.body());
    return new InboundRecord(
        id,
        source.tenantId(),
        source.id(),
        source.type(),
        dedupKey,
        event.eventType(),
        now,
        headers,
        body,
        blobKey);
  }

  /**
   * The headers worth keeping with the record: lower-case names, secrets left out, and so is the
   * header a source names in its {@code header} setting ({@code hmac}, {@code dynamics365}), which
   * carries its signature or, for Dynamics 365, the shared secret itself. {@link InboundRecord}
   * drops credential and signature headers by name on top of this.
   */
  private static Map<String, String> keptHeaders(InboundRequest request, SourceConfig source) {
    String ownSecretHeader = source.settings().get(SOURCE_SECRET_HEADER);
    String own = ownSecretHeader == null ? null : ownSecretHeader.toLowerCase(Locale.ROOT);
    Map<String, String> kept = new HashMap<>();
    request
        .headers()
        .forEach(
            (name, value) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (!SECRET_HEADERS.contains(lower) && !lower.equals(own)) {
                kept.merge(lower, value, (first, next) -> first + ", " + next);
              }
            });
    return Map.copyOf(kept);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
