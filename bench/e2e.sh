#!/usr/bin/env bash
# End-to-end benchmark (not a test): the bare chain (a reactor-netty server that verifies a
# Standard Webhooks signature and produces to Kafka with acks=all; one plain consumer that POSTs
# each record as a signed webhook, 16 in flight) against Hookyard in embedded mode from its jar,
# publish API -> delivered and /in/{source} -> delivered, one after the other in one run, each in
# a process of its own. Prints one table; docs/benchmarks.md ("Whole path") records it.
#
# Usage: bench/e2e.sh [name=value ...]   (see E2eSettings: sides rates seconds first events
#        connections fanout drain rest idle windows jar); BENCH_HOOKYARD_ARGS="--name=value ..." passes
#        settings to Hookyard, BENCH_HOOKYARD_JAVA_OPTS JVM options,
#        BENCH_HOOKYARD_JAVA another java executable for Hookyard (then without the CDS archive),
#        BENCH_JAVA_OPTS=-Dtimeline=<ms> the first minute's p99 by other buckets of send time (5 s).
# Takes about 20 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package ${MVN_OPTS:-}
./mvnw -B -q -pl app test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench.classpath" -Dmdep.includeScope=test -Djacoco.skip=true \
  -Dspotless.check.skip=true ${MVN_OPTS:-}
exec java ${BENCH_JAVA_OPTS:-} -Xmx2g \
  -cp "app/target/test-classes:app/target/classes:$(cat target/bench.classpath)" \
  io.hookyard.bench.EndToEndBenchmark "$@"
