#!/usr/bin/env bash
# Scale-out across machines (not a test; ScaleOutIT runs a smaller size in CI): one KRaft broker
# (six partitions per topic) and one PostgreSQL, Hookyard's jar as three processes — ingest,control
# and two streams,dispatch — 20,000 events to 100 endpoints limited to 60 requests a minute each,
# one worker stopped halfway with SIGTERM, then (a fresh worker added) again with SIGKILL. Prints
# one line per run; exits 1 when an event was lost, delivered again under another webhook-id, or
# an endpoint got more than its limit + 2 % in any minute. docs/operations.md records the figures.
#
# Usage: bench/scale.sh [name=value ...]   (see ScaleSettings: events endpoints limit stops drain
#        jar). Took 24 minutes with the defaults on a 2-core machine that other builds kept busy.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package ${MVN_OPTS:-}
./mvnw -B -q -pl app test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench.classpath" -Dmdep.includeScope=test -Djacoco.skip=true \
  -Dspotless.check.skip=true ${MVN_OPTS:-}
exec java ${BENCH_JAVA_OPTS:-} -Xmx1g \
  -cp "app/target/test-classes:app/target/classes:$(cat target/bench.classpath)" \
  io.hookyard.bench.scale.ScaleBench "$@"
