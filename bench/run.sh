#!/usr/bin/env bash
# Builds the test classes and runs one benchmark main class of io.hookyard.bench with the test
# classpath: bench/run.sh <ClassName> [arguments]. The per-benchmark scripts call this.
set -euo pipefail
cd "$(dirname "$0")/.."
main="$1"
shift
cp_file="$PWD/target/bench.classpath"
mkdir -p target
./mvnw -B -q -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test -Djacoco.skip=true \
  -Dspotless.check.skip=true
exec java ${BENCH_JAVA_OPTS:-} -Xmx2g -cp "app/target/test-classes:app/target/classes:$(cat "$cp_file")" \
  "io.hookyard.bench.$main" "$@"
