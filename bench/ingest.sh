#!/usr/bin/env bash
# Ingest benchmark (not a test): Hookyard's POST /in/{source} (Standard Webhooks signature, 1 KiB
# body) against a bare reactor-netty server writing to a bare KafkaProducer (acks=all), in one run
# against the same embedded broker. Prints max req/s, p50/p99 at half of max, and the ratio.
#
# Needs wrk from Debian's packages:  apt-get install -y wrk
# Usage: bench/ingest.sh [seconds-per-run (20)] [wrk-connections (32)] [rounds (3)]
# Takes about 4 minutes with the defaults. Results go to stdout; docs/benchmarks.md records them.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is not installed: apt-get install -y wrk (Debian package)" >&2
  exit 1
fi

# Test classes and the app's test classpath; the sibling modules resolve from this reactor build.
./mvnw -B -o -q -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -Djacoco.skip=true

exec java -Xmx2g -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" \
  io.hookyard.bench.IngestBenchmark "$@"
