#!/usr/bin/env bash
# Streams benchmark (not a test): records/s through dedup + normalize + route, and the time from
# one event to 1,000 endpoints' deliveries, on the embedded broker. See docs/benchmarks.md.
# Usage: bench/streams.sh [events=50000] [fanOutRounds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -Djacoco.skip=true
exec java -Xmx2g -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" \
  io.hookyard.bench.StreamsBenchmark "$@"
