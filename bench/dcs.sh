#!/usr/bin/env bash
# DCS benchmark: runs the JUnit class io.steward.bench.DcsBenchmark (a real 3-peer Ratis group in one JVM on
# 127.0.0.1: write/read latency, throughput, lease expiry accuracy, start-up time) and prints its results table.
# See bench/README.md, section "DCS". The Maven log goes to bench/out/dcs-<time>.log (not committed).
#
#   bench/dcs.sh                          # defaults: 2000 operations, 10 + 5 lease rounds, 5 start-up rounds
#   bench/dcs.sh -Dbench.writes=500       # extra arguments go to Maven (bench.warmup, bench.threads,
#                                         # bench.leaseRounds, bench.killRounds, bench.startRounds,
#                                         # bench.longDownRounds, bench.longDownSeconds)
#
# Needs Java 17+ and the Maven dependencies in ~/.m2 (runs offline; set MVN_OFFLINE= to allow downloads).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RESULTS=target/bench/dcs-results.md
OFFLINE=${MVN_OFFLINE--o}
LOG=bench/out/dcs-$(date -u +%Y%m%dT%H%M%SZ).log
mkdir -p bench/out
rm -f "$RESULTS"

echo "running the DCS benchmark (takes a few minutes); Maven log: $LOG" >&2
if ! ./mvnw -B ${OFFLINE:+"$OFFLINE"} test -Dtest=DcsBenchmark -Dbench=true "$@" >"$LOG" 2>&1; then
    tail -n 80 "$LOG" >&2
    echo "dcs.sh: the benchmark failed; full log in $LOG" >&2
    exit 1
fi
if grep -q 'EARLY:' "$LOG"; then
    echo "dcs.sh: A LEASE EXPIRED EARLY (safety bug):" >&2
    grep -h 'EARLY:' "$LOG" | sort -u >&2
fi
if [[ ! -s $RESULTS ]]; then
    echo "dcs.sh: no results in $RESULTS: was the benchmark skipped (bench=true not reaching the test JVM)?" >&2
    exit 1
fi
cat "$RESULTS"
