package io.hookyard.control.replay;

import io.hookyard.http.auth.Principal;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Replays of the calling tenant's endpoints, and how far back they can reach. */
@RestController
class ReplayController {
  private final Replays replays;

  ReplayController(Replays replays) {
    this.replays = replays;
  }

  /** What the range holds for the endpoint is counted before the answer; sending goes on after. */
  @PostMapping("/api/v1/endpoints/{id}/replay")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Replay an endpoint's events of a time range",
      description =
          "Sends again every event published in [since, until) that the endpoint gets under its"
              + " current subscription (event types, filter, transform), narrowed to event_types"
              + " when given; delivered ones too, with their original webhook-id. Read back from"
              + " hookyard.events as far as its retention (hookyard.events.retention) holds: an"
              + " older since is refused with 422 beyond_retention naming earliest_available."
              + " Answers the replay's id and the events found; GET /api/v1/replays/{id} follows"
              + " it. Replayed deliveries go through the endpoint's rate limit in small batches,"
              + " each after dispatch finished the previous one, so live deliveries keep flowing.")
  Mono<ReplayView> replay(
      Principal principal,
      @PathVariable String id,
      @RequestBody(required = false) ReplayRequest request) {
    return replays
        .start(principal, id, request == null ? new ReplayRequest(null, null, null) : request)
        .map(started -> ReplayView.of(started.job(), started.window()));
  }

  @GetMapping("/api/v1/replays/{id}")
  @Operation(summary = "A replay's progress: status (running, done, failed), found, sent")
  Mono<ReplayView> get(Principal principal, @PathVariable String id) {
    return replays.find(principal, id).zipWith(replays.window(), ReplayView::of);
  }

  /** The replay window, for a person deciding how far back a replay can go. */
  record WindowView(String retention, java.time.Instant earliestAvailable) {}

  @GetMapping("/api/v1/replay-window")
  @Operation(
      summary = "How far back replays and backfills reach",
      description =
          "retention is hookyard.events.retention (the retention of hookyard.events, 7 days by"
              + " default); earliest_available is the earliest publish time a replay or backfill"
              + " can start from now.")
  Mono<WindowView> window() {
    return replays
        .window()
        .map(window -> new WindowView(window.retentionText(), window.earliestAvailable()));
  }
}
