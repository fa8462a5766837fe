#!/usr/bin/env bash
# The vendor destination benchmark (docs/benchmarks.md): deliveries/s to vendor destinations
# (http request) against webhooks, in the same run. Arguments: [N] [endpoints]. Not a test: run it
# on a quiet machine; it starts Hookyard in embedded mode in a temp folder.
exec "$(dirname "$0")/run.sh" DestinationBenchmark "$@"
