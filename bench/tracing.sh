#!/usr/bin/env bash
# The tracing benchmark (io.hookyard.bench.TracingBenchmark): what trace propagation costs one event
# on the hot path (ingest, routing, one attempt), tracing off and on, in ns and bytes allocated.
# Argument: [events per round]. Not a test: run it on a quiet machine.
exec "$(dirname "$0")/run.sh" TracingBenchmark "$@"
