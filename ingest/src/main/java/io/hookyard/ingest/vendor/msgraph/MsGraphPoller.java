package io.hookyard.ingest.vendor.msgraph;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.ingest.vendor.DeltaVersions;
import io.hookyard.schemas.config.ConnectionConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft Graph delta queries (vendors.md §7, "Delta query"; learn.microsoft.com "Use delta query
 * to track changes in Microsoft Graph data").
 *
 * <ul>
 *   <li>Entities: {@code users} ({@code GET /v1.0/users/delta}), {@code contacts} ({@code
 *       /v1.0/users/{user}/contacts/delta}), {@code events} ({@code
 *       /v1.0/users/{user}/calendarView/delta?startDateTime&endDateTime} when the sync's settings
 *       give {@code start} and {@code end}, else {@code /v1.0/users/{user}/events/delta}), {@code
 *       messages} ({@code /v1.0/users/{user}/mailFolders/{folder}/messages/delta}); {@code user}
 *       and {@code folder} (default {@code inbox}) come from the sync's settings.
 *   <li>Paging: {@code Prefer: odata.maxpagesize=<page_size>} (default {@value #PAGE_SIZE});
 *       {@code @odata.nextLink} (a {@code $skipToken}) is the page cursor, followed as Graph gave
 *       it.
 *   <li>Position: the last page's {@code @odata.deltaLink} (a {@code $deltaToken}); it encodes the
 *       query, so nothing is added to it. Without a delta link the engine lists everything once.
 *   <li>Deletions: {@code {"id", "@removed": {"reason": "changed"|"deleted"}}}. Replays happen and
 *       order is not promised; the engine drops a version it already reported.
 *   <li>Versions: {@code @odata.etag}, else {@code lastModifiedDateTime}, else a hash of the record
 *       (directory objects carry neither).
 *   <li>Expired tokens: 410 Gone ({@code syncStateNotFound}, {@code resyncRequired}; Outlook
 *       items), or 400 {@code syncStateNotFound} (directory objects, after 7 days) → {@link
 *       Page#expiredCursor()}, and the engine lists everything as a full resync.
 *   <li>Limits: 429 with {@code Retry-After} in seconds, honoured by the engine's {@link
 *       VendorCalls}; tokens: Entra ID client credentials, about an hour ({@code expires_in}).
 * </ul>
 */
public final class MsGraphPoller implements Poller {
  static final int PAGE_SIZE = 100;
  static final String DEFAULT_FOLDER = "inbox";

  private static final Set<String> ENTITIES = Set.of("users", "contacts", "events", "messages");
  private static final Set<Integer> JUDGED = Set.of(400, 404, 410);
  private static final Set<String> EXPIRED_CODES =
      Set.of("syncstatenotfound", "syncstateinvalid", "resyncrequired");

  @Override
  public String vendor() {
    return "ms-graph";
  }

  @Override
  public Set<String> entities() {
    return ENTITIES;
  }

  @Override
  public URI baseUrl(ConnectionConfig connection) {
    return URI.create("https://graph.microsoft.com");
  }

  @Override
  public Mono<Page> page(PollContext context, PageRequest request) {
    return Mono.defer(() -> fetch(context, request));
  }

  private Mono<Page> fetch(PollContext context, PageRequest request) {
    String url;
    if (request.pageCursor() != null) {
      url = request.pageCursor();
    } else if (!request.listAll() && request.cursor() != null) {
      url = request.cursor();
    } else {
      url = firstUrl(context);
    }
    Map<String, String> headers =
        Map.of("Prefer", "odata.maxpagesize=" + context.setting("page_size", "" + PAGE_SIZE));
    return context
        .calls()
        .get(url, headers)
        .map(
            response -> {
              if (expired(response) && !request.listAll()) {
                return Page.expiredCursor();
              }
              if (!response.ok()) {
                throw new VendorCalls.VendorFailure(
                    "ms-graph answered HTTP "
                        + response.status()
                        + " for the "
                        + context.sync().entity()
                        + " delta query");
              }
              return page(response.body(), request);
            });
  }

  /** 400 and 404 reach the poller too: Graph answers 400 for an expired directory token. */
  @Override
  public Set<Integer> judgedStatuses() {
    return JUDGED;
  }

  /** 410 Gone, or 400 naming the sync state (directory objects past the token's seven days). */
  private static boolean expired(VendorCalls.Response response) {
    String code = response.body().path("error").path("code").asString("");
    return response.status() == 410
        || response.status() == 400 && EXPIRED_CODES.contains(code.toLowerCase(Locale.ROOT));
  }

  private static Page page(JsonNode body, PageRequest request) {
    List<Change> changes = new ArrayList<>();
    for (JsonNode item : body.path("value")) {
      String id = item.path("id").asString(null);
      if (id == null) {
        continue;
      }
      if (item.has("@removed")) {
        String reason = item.path("@removed").path("reason").asString("deleted");
        changes.add(Change.deletion(id, DeltaVersions.removal(reason, request.cursor())));
      } else if (!before(item, request.since())) {
        changes.add(
            Change.upsert(id, DeltaVersions.of(item, "@odata.etag", "lastModifiedDateTime"), item));
      }
    }
    String next = body.path("@odata.nextLink").asString(null);
    if (next != null) {
      return Page.more(changes, next);
    }
    String delta = body.path("@odata.deltaLink").asString(null);
    if (delta == null) {
      throw new VendorCalls.VendorFailure(
          "ms-graph ended a delta query without a next or delta link");
    }
    return Page.last(changes, delta, Instant.now());
  }

  /** An initial load with {@code since} skips records Graph says were last modified before it. */
  private static boolean before(JsonNode item, Instant since) {
    String modified = item.path("lastModifiedDateTime").asString(null);
    return since != null && modified != null && Instant.parse(modified).isBefore(since);
  }

  private static String firstUrl(PollContext context) {
    String entity = context.sync().entity();
    if (entity.equals("users")) {
      return "/v1.0/users/delta";
    }
    String user = context.setting("user", null);
    if (user == null || user.isBlank()) {
      throw new VendorCalls.VendorFailure(
          "the sync's settings name no user, which ms-graph " + entity + " need");
    }
    String base = "/v1.0/users/" + segment(user);
    return switch (entity) {
      case "contacts" -> base + "/contacts/delta";
      case "messages" ->
          base
              + "/mailFolders/"
              + segment(context.setting("folder", DEFAULT_FOLDER))
              + "/messages/delta";
      case "events" -> {
        String start = context.setting("start", null);
        String end = context.setting("end", null);
        yield start != null && end != null
            ? base
                + "/calendarView/delta?startDateTime="
                + query(start)
                + "&endDateTime="
                + query(end)
            : base + "/events/delta";
      }
      default -> throw new VendorCalls.VendorFailure("ms-graph has no delta query for " + entity);
    };
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
