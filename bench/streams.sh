#!/usr/bin/env bash
# Streams benchmark (not a test): records/s through dedup + normalize + route, and the time from
# one event to 1,000 endpoints' deliveries, on the embedded broker. See docs/benchmarks.md.
# Usage: bench/streams.sh [events=50000] [fanOutRounds=5]
exec "$(dirname "$0")/run.sh" StreamsBenchmark "$@"
