#!/usr/bin/env bash
# Sync benchmark (not a test): changes/s of one sync's initial load from a loopback HubSpot that
# answers at once, against a bare page-and-produce loop, and live heap per 100 active syncs.
# Usage: bench/syncs.sh [records=20000] [rounds=3] [syncs=100] [recordsPerSync=500]
exec "$(dirname "$0")/run.sh" SyncBenchmark "$@"
