#!/usr/bin/env bash
# The JSONata benchmark (docs/benchmarks.md): what an endpoint filter and transform cost per event,
# against reading and writing the JSON with Jackson. Argument: [evaluations per round].
# Not a test: run it on a quiet machine.
exec "$(dirname "$0")/run.sh" JsonataBenchmark "$@"
