#!/usr/bin/env bash
# The dispatch benchmark (docs/benchmarks.md): throughput against a bare WebClient blast, latency at
# a fixed publish rate, rate-limit accuracy. Arguments: [N] [endpoints] [events/s] [seconds].
# Not a test: run it on a quiet machine; it starts Hookyard in embedded mode in a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$PWD/target/bench.classpath"
mkdir -p target
./mvnw -B -q -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test -Dspotless.check.skip=true
exec java -Xmx2g -cp "app/target/test-classes:app/target/classes:$(cat "$cp_file")" \
  io.hookyard.bench.DispatchBenchmark "$@"
