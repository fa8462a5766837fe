#!/usr/bin/env bash
# Sync benchmark (not a test): changes/s of one sync's initial load from a loopback HubSpot that
# answers at once, against a bare page-and-produce loop, and live heap per 100 active syncs.
# Usage: bench/syncs.sh [records=20000] [rounds=3] [syncs=100] [recordsPerSync=500]
# The same changes/s rounds against the Exact Online fake (its sync API, 1,000 a page; its
# 60-calls-a-minute limit raised out of the way for both sides):
#        bench/syncs.sh exact-online [records=20000] [rounds=3]
case "${1:-}" in
  exact-online) shift; exec "$(dirname "$0")/run.sh" ExactOnlineSyncBenchmark "$@" ;;
  hubspot) shift ;;
esac
exec "$(dirname "$0")/run.sh" SyncBenchmark "$@"
