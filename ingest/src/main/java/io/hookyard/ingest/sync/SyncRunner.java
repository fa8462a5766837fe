package io.hookyard.ingest.sync;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.connection.AuthorizationRequired;
import io.hookyard.schemas.sync.RecordVersion;
import io.hookyard.schemas.sync.SyncPosition;
import io.hookyard.schemas.sync.SyncRun;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;

/**
 * Runs one sync once: page after page from its poller, each page's changes and the sync's new
 * position committed together ({@link PageCommits}), so a crash between pages resumes after the
 * last committed one. Each change is reported only if its version differs from the one last
 * reported; a full resync marks every record it lists with its generation and, at the end, reports
 * records not seen as deleted.
 *
 * <p>A failed run leaves the position's vendor cursor where it was and counts a failure; after
 * {@code failing-after} failures in a row the sync's status is {@code failing}.
 */
final class SyncRunner {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SyncRunner.class);
  private final PageCommits commits;
  private final SyncSettings settings;
  private final SyncMetrics metrics;
  private final Clock clock;

  SyncRunner(PageCommits commits, SyncSettings settings, SyncMetrics metrics, Clock clock) {
    this.commits = commits;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** One run: emits nothing, completes when its last page (or its failure) is committed. */
  Mono<Void> run(
      SyncConfig sync,
      ConnectionConfig connection,
      Poller poller,
      VendorCalls calls,
      RunCounters counters,
      SyncState state) {
    Instant now = clock.instant();
    SyncPosition start = state.position();
    RunPlan plan = RunPlan.of(sync, start, poller, now);
    Run run =
        new Run(sync, new PollContext(sync, connection, calls), poller, counters, state, plan);
    return run.begin().then(Mono.defer(run::next)).onErrorResume(run::failed);
  }

  /** The state of a run under way. */
  private final class Run {
    private final SyncConfig sync;
    private final PollContext context;
    private final Poller poller;
    private final RunCounters counters;
    private final SyncState state;
    private SyncPosition.Run run;
    private String cursor;
    private long generation;

    Run(
        SyncConfig sync,
        PollContext context,
        Poller poller,
        RunCounters counters,
        SyncState state,
        RunPlan plan) {
      this.sync = sync;
      this.context = context;
      this.poller = poller;
      this.counters = counters;
      this.state = state;
      this.run = plan.run();
      this.cursor = plan.cursor();
      this.generation = plan.generation();
    }

    Mono<Void> begin() {
      log.debug("sync {} starts {} run {}", sync.id(), run.kind(), run.id());
      SyncPosition pos = withRun(state.position());
      List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
      out.add(RunRecords.position(pos));
      out.add(runRecord(SyncRun.RUNNING, null, SyncRun.RUNNING, null, null));
      return commits.commit(sync.id(), out).doOnSuccess(v -> state.position(pos));
    }

    Mono<Void> next() {
      boolean listAll = RunPlan.listsAll(run.kind());
      PageRequest request =
          new PageRequest(
              listAll,
              listAll ? null : cursor,
              run.pageCursor(),
              run.kind().equals(RunPlan.INITIAL) ? sync.since() : null);
      return poller.page(context, request).flatMap(this::apply);
    }

    private Mono<Void> apply(Page page) {
      if (page.expired()) {
        // the vendor forgot our delta token: list everything and report only what differs
        run =
            new SyncPosition.Run(
                run.id(),
                RunPlan.FULL_RESYNC,
                run.startedAt(),
                null,
                run.records(),
                run.requests());
        cursor = null;
        generation = state.position().generation() + 1;
        return next();
      }
      List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
      Map<String, RecordVersion> versions = new LinkedHashMap<>();
      long reported = 0;
      Instant now = clock.instant();
      for (Change change : page.changes()) {
        reported += classify(change, now, out, versions);
      }
      if (page.complete() && run.kind().equals(RunPlan.FULL_RESYNC)) {
        for (String gone : state.notSeenSince(generation)) {
          if (!versions.containsKey(gone)) {
            Change deletion = Change.deletion(gone, "resync:" + generation);
            out.add(RunRecords.inbound(ChangeRecords.inbound(sync, deletion, "deleted", now)));
            versions.put(gone, null);
            reported++;
          }
        }
      }
      versions.forEach(
          (id, v) -> out.add(RunRecords.version(sync.id(), commits.partitionOf(sync.id()), id, v)));
      run =
          new SyncPosition.Run(
              run.id(),
              run.kind(),
              run.startedAt(),
              page.nextPageCursor(),
              run.records() + reported,
              run.requests() + counters.takeRequests());
      SyncPosition pos;
      if (page.complete()) {
        pos = finished(page, now);
        out.add(RunRecords.position(pos));
        out.add(runRecord(SyncRun.SUCCEEDED, null, "scheduled", now, now.plus(sync.interval())));
      } else {
        pos = withRun(state.position());
        out.add(RunRecords.position(pos));
      }
      long records = reported;
      return commits
          .commit(sync.id(), out)
          .doOnSuccess(
              v -> {
                versions.forEach(state::version);
                state.position(pos);
                metrics.records(sync.vendor(), records);
                metrics.position(sync.id().value(), pos.positionTime());
                if (page.complete()) {
                  metrics.run(sync.vendor(), SyncRun.SUCCEEDED);
                }
              })
          .then(page.complete() ? Mono.empty() : Mono.defer(this::next));
    }

    /** Adds the change's inbound record if it is news; returns 1 when it reported one. */
    private int classify(
        Change change,
        Instant now,
        List<ProducerRecord<String, byte[]>> out,
        Map<String, RecordVersion> versions) {
      RecordVersion known =
          versions.containsKey(change.recordId())
              ? versions.get(change.recordId())
              : state.version(change.recordId());
      if (change.deleted()) {
        out.add(RunRecords.inbound(ChangeRecords.inbound(sync, change, "deleted", now)));
        versions.put(change.recordId(), null);
        return 1;
      }
      RecordVersion seen = new RecordVersion(change.version(), generation);
      if (known != null && known.version().equals(change.version())) {
        if (known.generation() < generation) {
          versions.put(change.recordId(), seen); // seen by this listing: not gone
        }
        return 0;
      }
      versions.put(change.recordId(), seen);
      if (run.kind().equals(RunPlan.BASELINE)) {
        return 0;
      }
      boolean created = change.created() != null ? change.created() : known == null;
      out.add(
          RunRecords.inbound(
              ChangeRecords.inbound(sync, change, created ? "created" : "updated", now)));
      return 1;
    }

    private SyncPosition withRun(SyncPosition pos) {
      return new SyncPosition(
          sync.id(),
          cursor,
          run,
          pos.lastRunAt(),
          pos.lastFullResyncAt(),
          pos.positionTime(),
          pos.consecutiveFailures(),
          served(pos),
          generation);
    }

    private SyncPosition finished(Page page, Instant now) {
      SyncPosition pos = state.position();
      boolean listed = RunPlan.listsAll(run.kind());
      return new SyncPosition(
          sync.id(),
          page.finalCursor(),
          null,
          now,
          listed ? now : pos.lastFullResyncAt(),
          page.positionTime() != null ? page.positionTime() : pos.positionTime(),
          0,
          served(pos),
          generation);
    }

    private Instant served(SyncPosition pos) {
      return sync.runRequested() != null ? sync.runRequested() : pos.servedRunRequest();
    }

    Mono<Void> failed(Throwable e) {
      log.warn("sync {} run {} failed: {}", sync.id(), run.id(), reason(e));
      Instant now = clock.instant();
      SyncPosition pos = state.position();
      int failures = pos.consecutiveFailures() + 1;
      String error = reason(e);
      SyncPosition next =
          new SyncPosition(
              sync.id(),
              pos.cursor(),
              pos.run(),
              now,
              pos.lastFullResyncAt(),
              pos.positionTime(),
              failures,
              served(pos),
              pos.generation());
      String status =
          e instanceof AuthorizationRequired
              ? "authorization_required"
              : failures >= settings.failingAfter() ? "failing" : "scheduled";
      List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
      out.add(RunRecords.position(next));
      run =
          new SyncPosition.Run(
              run.id(),
              run.kind(),
              run.startedAt(),
              run.pageCursor(),
              run.records(),
              run.requests() + counters.takeRequests());
      out.add(runRecord(SyncRun.FAILED, error, status, now, now.plus(sync.interval())));
      metrics.run(sync.vendor(), SyncRun.FAILED);
      return commits.commit(sync.id(), out).doOnSuccess(v -> state.position(next));
    }

    private ProducerRecord<String, byte[]> runRecord(
        String status, String error, String syncStatus, Instant finished, Instant nextRun) {
      return RunRecords.run(
          new SyncRun(
              run.id(),
              sync.id(),
              sync.tenantId(),
              sync.connectionId(),
              RunPlan.shown(run.kind()),
              status,
              run.startedAt(),
              finished,
              run.records(),
              run.requests(),
              error,
              syncStatus,
              nextRun));
    }
  }

  /** Why a run failed, in our words: never a vendor's answer or a token. */
  static String reason(Throwable e) {
    if (e instanceof VendorCalls.VendorFailure || e instanceof AuthorizationRequired) {
      return e.getMessage();
    }
    if (e instanceof java.util.concurrent.TimeoutException) {
      return "timed out";
    }
    return "internal error (" + e.getClass().getSimpleName() + ")";
  }
}
