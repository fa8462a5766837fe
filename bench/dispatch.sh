#!/usr/bin/env bash
# The dispatch benchmark (docs/benchmarks.md): throughput against a bare WebClient blast, latency at
# a fixed publish rate, rate-limit accuracy. Arguments: [N] [endpoints] [events/s] [seconds]
# [warm-up seconds]. Not a test: run it on a quiet machine; it starts Hookyard in embedded mode in a
# temp folder.
exec "$(dirname "$0")/run.sh" DispatchBenchmark "$@"
