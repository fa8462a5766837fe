#!/usr/bin/env bash
# Start-up benchmark (not a test): Hookyard in embedded mode on a fresh data folder, to health UP,
# from the single jar, the unpacked jar, and the unpacked jar with the build's class-data-sharing
# archive, round after round; with aot=<a JDK 25 java>, also on that JDK with the AOT cache the
# build trains for it (profile aot). docs/benchmarks.md ("Start-up") records it.
#
# Usage: bench/startup.sh [rounds=5] [aot=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java]
set -euo pipefail
cd "$(dirname "$0")/.."
AOT=()
for arg in "$@"; do
  case "$arg" in aot=*) AOT=("-Dhookyard.aot.java=${arg#aot=}") ;; esac
done
./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package "${AOT[@]}" ${MVN_OPTS:-}
./mvnw -B -q -pl app test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench.classpath" -Dmdep.includeScope=test -Djacoco.skip=true \
  -Dspotless.check.skip=true ${MVN_OPTS:-}
exec java -cp "app/target/test-classes:app/target/classes:$(cat target/bench.classpath)" \
  io.hookyard.bench.StartupBenchmark "$@"
