#!/usr/bin/env bash
# Console charts benchmark (not a test): GET /api/v1/stats/deliveries with a million attempts in
# the attempt log, spread over 100 tenants and 7 days, and another million of one busy tenant in
# the last day. docs/benchmarks.md ("Console charts") records it.
#
# Usage: bench/stats.sh [attempts=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true -Dhookyard.cds.skip=true install ${MVN_OPTS:-}
./mvnw -B -q -pl app test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench.classpath" -Dmdep.includeScope=test -Djacoco.skip=true \
  -Dspotless.check.skip=true ${MVN_OPTS:-}
exec java -Xmx1g -cp "app/target/test-classes:app/target/classes:$(cat target/bench.classpath)" \
  io.hookyard.bench.StatsBenchmark "$@"
