#!/usr/bin/env bash
# The fault suite (not a test): Hookyard from its jar under steady load (mixed publish API and
# signed /in traffic, 20 endpoints, three rate-limited, one ordered) through kill -9, a broker
# restart, PostgreSQL stopped, a flaky receiver, a receiver down past the retry schedule, and a
# hostile flood, with a second tenant walking the first's resources throughout. Prints the table
# docs/reliability.md records; exits 1 when any accepted event was lost.
#
# Usage: bench/faults.sh [name=value ...]   (see FaultSettings: scenarios rate seconds endpoints
#        drain outage hostile slow jar). The whole suite with the defaults takes about 25 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package ${MVN_OPTS:-}
./mvnw -B -q -pl app test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench.classpath" -Dmdep.includeScope=test -Djacoco.skip=true \
  -Dspotless.check.skip=true ${MVN_OPTS:-}
exec java ${BENCH_JAVA_OPTS:-} -Xmx2g \
  -cp "app/target/test-classes:app/target/classes:$(cat target/bench.classpath)" \
  io.hookyard.bench.faults.FaultSuite "$@"
