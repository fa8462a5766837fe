package io.hookyard.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.S3Bucket;
import io.hookyard.app.support.S3MockProcess;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import tools.jackson.databind.JsonNode;

/**
 * The raw archive in external mode: Hookyard pointed at a real S3 API (S3Mock, a separate process),
 * signed Standard Webhooks requests sent to {@code /in/{source}}, and what a user then finds in the
 * bucket with an ordinary S3 client: every accepted request in a JSON-lines segment under {@code
 * tenant/source/date/}, its body byte-exact and its credentials gone; large bodies as claim-check
 * blobs the Kafka record points to; and nothing at all from a request that failed verification.
 */
class RawArchiveS3IT {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String WRONG_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
  private static final String BUCKET = "hookyard-archive-it";
  private static final String COOKIE = "session=cookie-value-never-archived";
  private static final Duration ARCHIVED = Duration.ofSeconds(60);

  @TempDir static Path root;

  private static S3MockProcess s3mock;
  private static RunningHookyard hookyard;
  private static S3AsyncClient s3;
  private static S3Bucket bucket;
  private static LoopbackReceiver subscriber;
  private static ApiClient api;
  private static String tenant;
  private static String source;
  private static String ingestUrl;

  @BeforeAll
  static void start() throws IOException {
    s3mock = S3MockProcess.start(Files.createDirectories(root.resolve("s3")));
    hookyard = RunningHookyard.start(root.resolve("data"), s3mock.hookyardSettings(BUCKET));
    s3 = s3mock.client();
    bucket = new S3Bucket(s3, BUCKET);
    subscriber = new LoopbackReceiver();
    ApiClient.Response created =
        hookyard.operator().post("/api/v1/tenants", "{\"name\":\"Archive\"}");
    tenant = created.body().path("id").asString();
    api = new ApiClient(hookyard.baseUrl(), created.body().path("api_key").asString());
    JsonNode src =
        api.post(
                "/api/v1/sources",
                "{\"type\":\"standard-webhooks\",\"name\":\"billing\",\"secret\":\""
                    + SECRET
                    + "\"}")
            .body();
    source = src.path("id").asString();
    ingestUrl = src.path("ingest_url").asString();
    assertThat(
            api.post(
                    "/api/v1/endpoints",
                    "{\"url\":\"" + subscriber.url() + "\",\"event_types\":[\"vendor.*\"]}")
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable resource : new AutoCloseable[] {subscriber, s3, hookyard, s3mock}) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  @Test
  void acceptedRequestsAreArchivedInSegmentsByTenantSourceAndDayWithoutTheirCredentials() {
    // bytes a re-serialising archive would change: spacing, key order, escapes, non-ASCII, newline
    String first = "{ \"type\" : \"shipment.sent\",\"zeta\":1,\"alpha\":\"caf\u00e9 \u20ac\"}\n";
    String second = "{\"type\":\"shipment.sent\",\"escaped\":\"\\u00e9\\n\",\"n\":2}";
    assertThat(send("msg_archive_1", first, SECRET).status()).isEqualTo(200);
    assertThat(send("msg_archive_2", second, SECRET).status()).isEqualTo(200);

    Map<String, Archived> archived =
        await()
            .atMost(ARCHIVED)
            .until(
                RawArchiveS3IT::archive,
                a -> a.containsKey("msg_archive_1") && a.containsKey("msg_archive_2"));

    for (String[] sent : new String[][] {{"msg_archive_1", first}, {"msg_archive_2", second}}) {
      Archived entry = archived.get(sent[0]);
      InboundRecord record = entry.record();
      String day = record.receivedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
      assertThat(entry.segment())
          .matches(tenant + "/" + source + "/" + day + "/p\\d+-o\\d+\\.jsonl");
      assertThat(record.tenantId().value()).isEqualTo(tenant);
      assertThat(record.sourceId().value()).isEqualTo(source);
      assertThat(record.vendor()).isEqualTo("standard-webhooks");
      assertThat(record.id()).startsWith("in_");
      assertThat(record.blobKey()).isNull();
      assertThat(record.body()).isEqualTo(bytes(sent[1]));
      assertThat(record.headers())
          .containsEntry("webhook-id", sent[0])
          .containsKey("webhook-timestamp")
          .containsKey("content-type")
          .doesNotContainKeys("authorization", "cookie", "webhook-signature");
    }
    assertThat(String.join("\n", archivedText()))
        .as("no credential is anywhere in the archive")
        .doesNotContain(api.key())
        .doesNotContain(COOKIE);
    assertThat(localBlobs()).as("the S3 store replaces the local folder").isEmpty();
  }

  @Test
  void aBodyOverTheLimitTravelsAsAClaimCheckToS3AndReachesSubscribersAsAReference() {
    String large =
        "{\"type\":\"shipment.sent\",\"manifest\":\""
            + "0123456789abcdef".repeat(300 * 1024 / 16)
            + "\",\"end\":\"\u00e9\"}";
    assertThat(bytes(large).length).isGreaterThan(256 * 1024);
    assertThat(send("msg_large", large, SECRET).status()).isEqualTo(200);

    InboundRecord record =
        await()
            .atMost(ARCHIVED)
            .until(() -> inbound("msg_large"), Optional::isPresent)
            .orElseThrow();
    assertThat(record.body()).as("the body is not on Kafka").isNull();
    String day = record.receivedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
    assertThat(record.blobKey())
        .isEqualTo(tenant + "/" + source + "/" + day + "/" + record.id() + ".body");
    assertThat(bucket.object(record.blobKey())).contains(bytes(large));

    Archived archived =
        await()
            .atMost(ARCHIVED)
            .until(RawArchiveS3IT::archive, a -> a.containsKey("msg_large"))
            .get("msg_large");
    assertThat(archived.record().blobKey()).isEqualTo(record.blobKey());
    assertThat(archived.record().body()).isNull();

    JsonNode delivered =
        await()
            .atMost(ARCHIVED)
            .until(() -> delivered(record.blobKey()), Optional::isPresent)
            .orElseThrow();
    assertThat(delivered.path("event_type").asString()).startsWith("vendor.standard_webhooks.");
    assertThat(delivered.path("tenant_id").asString()).isEqualTo(tenant);
    assertThat(bucket.object(delivered.path("data").path("blob_key").asString()))
        .as("what the subscriber is pointed to is the vendor's body, byte for byte")
        .contains(bytes(large));
  }

  @Test
  void aRequestThatFailsVerificationLeavesNothingInTheBucket() {
    String small = "{\"type\":\"shipment.sent\",\"marker\":\"rejected-small-7f3a\"}";
    String large =
        "{\"type\":\"shipment.sent\",\"marker\":\"rejected-large-7f3a\",\"pad\":\""
            + "x".repeat(300 * 1024)
            + "\"}";
    List<String> blobsBefore = blobKeys();

    assertThat(send("msg_rejected_small", small, WRONG_SECRET).status()).isEqualTo(401);
    assertThat(send("msg_rejected_large", large, WRONG_SECRET).status()).isEqualTo(401);
    Map<String, String> tampered = signed("msg_rejected_tampered", small, SECRET);
    assertThat(api.postRaw(ingestUrl, bytes(small.replace("7f3a", "7f3b")), tampered).status())
        .isEqualTo(401);
    assertThat(blobKeys()).as("no claim-check blob for a rejected body").isEqualTo(blobsBefore);

    // a request accepted after the rejected ones: once it is archived, the archive has caught up
    String after = "{\"type\":\"shipment.sent\",\"marker\":\"accepted-after-7f3a\"}";
    assertThat(send("msg_accepted_after", after, SECRET).status()).isEqualTo(200);
    Map<String, Archived> archived =
        await()
            .atMost(ARCHIVED)
            .until(RawArchiveS3IT::archive, a -> a.containsKey("msg_accepted_after"));

    assertThat(archived)
        .doesNotContainKeys("msg_rejected_small", "msg_rejected_large", "msg_rejected_tampered");
    assertThat(archived.values())
        .extracting(a -> a.record().body() == null ? "" : new String(a.record().body(), UTF_8))
        .noneMatch(body -> body.contains("rejected-") || body.contains("7f3b"));
    assertThat(blobKeys()).isEqualTo(blobsBefore);
    assertThat(inbound("msg_rejected_small")).isEmpty();
    assertThat(inbound("msg_rejected_large")).isEmpty();
    assertThat(inbound("msg_rejected_tampered")).isEmpty();
  }

  // --- sending ---------------------------------------------------------------------------------

  private static ApiClient.Response send(String id, String body, String secret) {
    return api.postRaw(ingestUrl, bytes(body), signed(id, body, secret));
  }

  /**
   * A Standard Webhooks request as a vendor behind a proxy would send it: signed, plus a cookie;
   * the client adds the tenant's API key as {@code Authorization}, so both are credentials the
   * archive must leave out.
   */
  private static Map<String, String> signed(String id, String body, String secret) {
    long now = Instant.now().getEpochSecond();
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cookie", COOKIE);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(now));
    try {
      headers.put("webhook-signature", new Webhook(secret).sign(id, now, body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return headers;
  }

  // --- looking into the bucket -------------------------------------------------------------------

  /** One archived record and the segment it is in. */
  private record Archived(String segment, InboundRecord record) {}

  /** Every record in the bucket's segments, by dedup key (the {@code webhook-id} sent). */
  private static Map<String, Archived> archive() {
    Map<String, Archived> records = new HashMap<>();
    for (String key : bucket.keys()) {
      if (key.endsWith(".jsonl")) {
        for (String line : bucket.text(key).split("\n")) {
          if (!line.isEmpty()) {
            InboundRecord record = Json.read(bytes(line), InboundRecord.class);
            records.put(record.dedupKey(), new Archived(key, record));
          }
        }
      }
    }
    return records;
  }

  /** The text of every segment in the bucket. */
  private static List<String> archivedText() {
    return bucket.keys().stream().filter(k -> k.endsWith(".jsonl")).map(bucket::text).toList();
  }

  /** The claim-check blobs: written on the request path, before the vendor gets its answer. */
  private static List<String> blobKeys() {
    return bucket.keys().stream().filter(k -> k.endsWith(".body")).toList();
  }

  // --- Kafka, the subscriber and the data folder
  // ---------------------------------------------------

  /** The record for a dedup key on {@code hookyard.inbound.raw}, reading the topic to its end. */
  private static Optional<InboundRecord> inbound(String dedupKey) {
    return InboundTopic.all(hookyard.kafkaBootstrapServers()).stream()
        .filter(r -> r.dedupKey().equals(dedupKey))
        .findFirst();
  }

  /** The webhook the subscriber got whose data points to {@code blobKey}. */
  private static Optional<JsonNode> delivered(String blobKey) {
    return subscriber.received().stream()
        .map(r -> Json.tree(bytes(r.body())))
        .filter(body -> blobKey.equals(body.path("data").path("blob_key").asString(null)))
        .findFirst();
  }

  private static List<Path> localBlobs() {
    Path folder = hookyard.dataDir().resolve("blobs");
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
