#!/usr/bin/env bash
# Steward benchmarks against a local cluster started with bin/local-cluster. See bench/README.md for what each
# measurement means. Results are printed and appended as a table to bench/README.md; raw logs go to bench/out/<run>/.
#
#   bench/run.sh [--nodes N] [--idle-seconds S] [--idle-settle S] [--no-readme]
#
# Needs: everything bin/local-cluster needs, plus psql (postgresql-client). Uses the default ports of
# bin/local-cluster (REST 8008+, Raft 7001+, PostgreSQL 5433+), so no other local cluster may be running.
set -euo pipefail
# shellcheck source=bin/_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../bin/_lib.sh"

NODES=3
IDLE_SECONDS=60
IDLE_SETTLE=180          # seconds after healthy before the steady idle sample
WRITE_README=1
REST_BASE=${STEWARD_REST_BASE:-8008}
PG_BASE=${STEWARD_PG_BASE:-5433}
HEALTHY_TIMEOUT=180     # seconds for the cluster to be healthy again after a disruption
OUTAGE_TIMEOUT=120      # seconds a writer waits for writes to succeed again
PAUSE_TIMEOUT=60        # seconds to wait for every member to report pause
WRITE_INTERVAL=0.1      # seconds between two writes

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$STEWARD_HOME/bench/out/$RUN_ID
CLUSTER=$OUT/cluster
declare -A RESULT=()

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ---------------------------------------------------------------------------------------------- cluster access

rest_port() { echo $((REST_BASE + $1 - 1)); }
pg_port() { echo $((PG_BASE + $1 - 1)); }
node_dir() { echo "$CLUSTER/node$1"; }

http_code() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1$2" 2>/dev/null || true
}

# Index of the member answering 200 on /primary, or nothing.
primary_node() {
    local i
    for ((i = 1; i <= NODES; i++)); do
        if [[ $(http_code "$(rest_port "$i")" /primary) == 200 ]]; then
            echo "$i"
            return 0
        fi
    done
    return 0
}

replica_nodes() {
    local i
    for ((i = 1; i <= NODES; i++)); do
        [[ $(http_code "$(rest_port "$i")" /replica) == 200 ]] && echo "$i"
    done
    return 0
}

# Waits (bounded) until one primary and NODES-1 replicas answer.
wait_healthy() {
    local deadline=$(($(date +%s) + HEALTHY_TIMEOUT))
    while (($(date +%s) < deadline)); do
        if [[ -n $(primary_node) && $(replica_nodes | wc -l) -eq $((NODES - 1)) ]]; then
            return 0
        fi
        sleep 1
    done
    log "cluster not healthy within ${HEALTHY_TIMEOUT}s"
    return 1
}

member_name() { echo "node$1"; }

sql() {
    local port=$1
    shift
    PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=1 PGOPTIONS='-c statement_timeout=2000' \
        timeout 4 psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -X -q -t -A -v ON_ERROR_STOP=1 -c "$@"
}

# Restarts the agent of member $1 in the background (the same way bin/local-cluster does) and records its pid.
restart_agent() {
    local dir
    dir=$(node_dir "$1")
    nohup "$STEWARD_HOME/bin/steward" "$CLUSTER/node$1.yml" >>"$dir/agent.log" 2>&1 </dev/null &
    echo $! >"$dir/agent.pid"
}

# ---------------------------------------------------------------------------------------------- writer

# Background writer: one INSERT every WRITE_INTERVAL seconds into the current primary, found via /primary and
# re-discovered after each failure. Logs "<seq> <epoch the write was sent> ok|fail" lines to $1. Stops when $2 exists or after
# $3 seconds.
writer_loop() {
    local out=$1 stop=$2 max_seconds=$3 run=$4 seq=0 port="" node end sent
    end=$(($(date +%s) + max_seconds))
    while [[ ! -e $stop ]] && (($(date +%s) < end)); do
        seq=$((seq + 1))
        if [[ -z $port ]]; then
            node=$(primary_node)
            [[ -n $node ]] && port=$(pg_port "$node")
        fi
        # stamped when the write is sent: a write in flight at the moment of a kill must not count as one after it
        sent=$(now)
        if [[ -n $port ]] && sql "$port" "insert into bench_writes(run, seq) values ('$run', $seq)" >/dev/null 2>&1; then
            echo "$seq $sent ok" >>"$out"
        else
            echo "$seq $sent fail" >>"$out"
            port=""
        fi
        sleep "$WRITE_INTERVAL"
    done
}

start_writer() {
    local run=$1
    WRITES=$OUT/$run.writes
    WRITER_STOP=$OUT/$run.stop
    : >"$WRITES"
    writer_loop "$WRITES" "$WRITER_STOP" $((OUTAGE_TIMEOUT + 120)) "$run" &
    WRITER_PID=$!
}

stop_writer() {
    touch "$WRITER_STOP"
    wait "$WRITER_PID" 2>/dev/null || true
}

# Seconds from $1 (epoch) until the first successful write after it, or nothing when none succeeded.
first_ok_after() {
    awk -v t="$1" '$3 == "ok" && $2 > t { printf "%.2f", $2 - t; exit }' "$WRITES"
}

# Longest gap between two consecutive successful writes, in seconds.
longest_gap() {
    awk '$3 == "ok" { if (prev != "" && $2 - prev > gap) gap = $2 - prev; prev = $2 } END { printf "%.2f", gap }' \
        "$WRITES"
}

# Acknowledged writes of run $1 missing on the current primary.
lost_writes() {
    local run=$1 node acked present
    node=$(primary_node)
    [[ -n $node ]] || { echo "unknown (no primary)"; return 0; }
    acked=$(awk '$3 == "ok" { print $1 }' "$WRITES" | sort -n)
    present=$(sql "$(pg_port "$node")" "select seq from bench_writes where run = '$run' order by seq") ||
        { echo "unknown (query failed)"; return 0; }
    comm -23 <(echo "$acked" | sort) <(echo "$present" | sort) | grep -c . || true
}

wait_writes_recovered() {
    local since=$1 deadline=$(($(date +%s) + OUTAGE_TIMEOUT))
    while (($(date +%s) < deadline)); do
        [[ -n $(first_ok_after "$since") ]] && return 0
        sleep 0.2
    done
    return 1
}

# ---------------------------------------------------------------------------------------------- measurements

measure_bootstrap() {
    local start end
    start=$(now)
    if ! "$STEWARD_HOME/bin/local-cluster" up --dir "$CLUSTER" --nodes "$NODES" >"$OUT/up.log" 2>&1; then
        tail -n 60 "$OUT/up.log" >&2
        RESULT[bootstrap]="failed (see $OUT/up.log)"
        return 1
    fi
    end=$(now)
    RESULT[bootstrap]="$(elapsed "$start" "$end") s"
    PASSWORD=$(cat "$CLUSTER/superuser-password")
}

# Total CPU ticks (user + system) of every agent, space-separated in node order.
agent_ticks() {
    local i pid out=""
    for ((i = 1; i <= NODES; i++)); do
        pid=$(cat "$(node_dir "$i")/agent.pid")
        out+="$(awk '{ print $14 + $15 }' "/proc/$pid/stat") "
    done
    echo "$out"
}

# "node1 x %, node2 y %, ..." from two agent_ticks samples taken $3 seconds apart.
cpu_between() {
    local -a a=($1) b=($2)
    local i hz list=""
    hz=$(getconf CLK_TCK)
    for ((i = 1; i <= NODES; i++)); do
        list+="node$i $(awk -v d=$((b[i - 1] - a[i - 1])) -v hz="$hz" -v s="$3" \
            'BEGIN { printf "%.2f", 100 * d / hz / s }') %, "
    done
    echo "${list%, }"
}

# Idle CPU twice: the first minute after the cluster is healthy (the JIT is still compiling), and the steady state,
# IDLE_SECONDS sampled from IDLE_SETTLE seconds after healthy. RSS at the end of the steady sample.
measure_idle_footprint() {
    local i pid rss rss_list="" t0 t1 t2 t3
    t0=$(agent_ticks)
    log "idle: first minute"
    sleep 60
    t1=$(agent_ticks)
    if ((IDLE_SETTLE > 60)); then
        log "idle: settling until ${IDLE_SETTLE}s after healthy"
        sleep $((IDLE_SETTLE - 60))
    fi
    t2=$(agent_ticks)
    log "idle: sampling CPU for ${IDLE_SECONDS}s"
    sleep "$IDLE_SECONDS"
    t3=$(agent_ticks)
    for ((i = 1; i <= NODES; i++)); do
        pid=$(cat "$(node_dir "$i")/agent.pid")
        rss=$(ps -o rss= -p "$pid" | tr -d ' ')
        rss_list+="node$i $((rss / 1024)) MiB, "
    done
    RESULT[rss]="${rss_list%, }"
    RESULT[cpu]="$(cpu_between "$t2" "$t3" "$IDLE_SECONDS") (of one core, over ${IDLE_SECONDS} s from"
    RESULT[cpu]+=" $((IDLE_SETTLE > 60 ? IDLE_SETTLE : 60)) s after healthy); first minute after healthy:"
    RESULT[cpu]+=" $(cpu_between "$t0" "$t1" 60)"
}

all_members_paused() {
    local i want=$1 body
    for ((i = 1; i <= NODES; i++)); do
        body=$(curl -s --max-time 2 "http://127.0.0.1:$(rest_port "$i")/patroni" || true)
        if [[ $want == true ]]; then
            grep -Eq '"pause"[[:space:]]*:[[:space:]]*true' <<<"$body" || return 1
        else
            grep -Eq '"pause"[[:space:]]*:[[:space:]]*true' <<<"$body" && return 1
        fi
    done
    return 0
}

wait_pause_state() {
    local want=$1 deadline=$(($(date +%s) + PAUSE_TIMEOUT))
    while (($(date +%s) < deadline)); do
        all_members_paused "$want" && return 0
        sleep 0.05
    done
    return 1
}

measure_pause_propagation() {
    local start cli_done end
    start=$(now)
    if ! "$STEWARD_HOME/bin/stewardctl" -c "$CLUSTER/node1.yml" pause >"$OUT/pause.log" 2>&1; then
        RESULT[pause]="failed: stewardctl pause exited non-zero (see $OUT/pause.log)"
        return 1
    fi
    cli_done=$(now)
    if ! wait_pause_state true; then
        RESULT[pause]="failed: not every /patroni showed pause: true within ${PAUSE_TIMEOUT}s"
        return 1
    fi
    end=$(now)
    RESULT[pause]="$(elapsed "$start" "$end") s from invoking stewardctl ($(elapsed "$cli_done" "$end") s after it returned)"
    "$STEWARD_HOME/bin/stewardctl" -c "$CLUSTER/node1.yml" resume >>"$OUT/pause.log" 2>&1 ||
        log "stewardctl resume failed (see $OUT/pause.log)"
    wait_pause_state false || log "some member still reports pause after resume"
}

prepare_writes_table() {
    local node
    node=$(primary_node)
    [[ -n $node ]] || return 1
    sql "$(pg_port "$node")" "create table if not exists bench_writes(run text, seq int, at timestamptz default now(), primary key (run, seq))" >/dev/null
}

measure_switchover() {
    local leader candidate start switched body code
    wait_healthy || { RESULT[switchover]="failed: cluster not healthy before the switchover"; return 1; }
    leader=$(primary_node)
    candidate=$(replica_nodes | head -n 1)
    start_writer switchover
    sleep 2
    start=$(now)
    body=$(printf '{"leader": "%s", "candidate": "%s"}' "$(member_name "$leader")" "$(member_name "$candidate")")
    code=$(curl -s -o "$OUT/switchover.response" -w '%{http_code}' --max-time 120 -X POST \
        -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$(rest_port "$leader")/switchover" || true)
    if [[ $code != 200 ]]; then
        stop_writer
        RESULT[switchover]="failed: POST /switchover answered $code ($(head -c 200 "$OUT/switchover.response"))"
        return 1
    fi
    # POST /switchover answers once the candidate holds the leader lock; the gap closes with the first write
    # acknowledged after that.
    switched=$(now)
    if ! wait_writes_recovered "$switched"; then
        stop_writer
        RESULT[switchover]="failed: no successful write within ${OUTAGE_TIMEOUT}s after the switchover"
        return 1
    fi
    sleep 1
    stop_writer
    RESULT[switchover]="longest write gap $(longest_gap) s (POST /switchover took $(elapsed "$start" "$switched") s);"
    RESULT[switchover]+=" lost acknowledged writes: $(lost_writes switchover)"
}

measure_agent_startup() {
    local node pid start deadline dir i
    node=$(replica_nodes | tail -n 1)
    [[ -n $node ]] || { RESULT[startup]="failed: no replica to restart"; return 1; }
    dir=$(node_dir "$node")
    pid=$(cat "$dir/agent.pid")
    kill -TERM "$pid"
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { RESULT[startup]="failed: agent $pid did not stop"; return 1; }
    start=$(now)
    restart_agent "$node"
    deadline=$(($(date +%s) + 60))
    while [[ $(http_code "$(rest_port "$node")" /liveness) == 000 ]] && (($(date +%s) < deadline)); do
        sleep 0.05
    done
    [[ $(http_code "$(rest_port "$node")" /liveness) != 000 ]] ||
        { RESULT[startup]="failed: REST silent for 60 s"; return 1; }
    RESULT[startup]="$(elapsed "$start" "$(now)") s (JVM launch to first REST answer, PostgreSQL already running)"
    wait_healthy || true
}

measure_unplanned_failover() {
    local node dir agent postmaster killed recovered
    wait_healthy || { RESULT[failover]="failed: cluster not healthy before the failover"; return 1; }
    node=$(primary_node)
    dir=$(node_dir "$node")
    agent=$(cat "$dir/agent.pid")
    postmaster=$(head -n 1 "$dir/pgdata/postmaster.pid" 2>/dev/null || true)
    [[ $postmaster =~ ^[0-9]+$ ]] || { RESULT[failover]="failed: no postmaster.pid for node$node"; return 1; }
    start_writer failover
    sleep 3
    killed=$(now)
    kill -KILL "$agent" "$postmaster"
    log "failover: killed node$node's agent $agent and postmaster $postmaster"
    if ! wait_writes_recovered "$killed"; then
        stop_writer
        RESULT[failover]="failed: no successful write within ${OUTAGE_TIMEOUT}s"
        return 1
    fi
    recovered=$(first_ok_after "$killed")
    sleep 2
    stop_writer
    RESULT[failover]="$recovered s from kill -9 to the first successful write (longest gap $(longest_gap) s)"
    RESULT[lost]="$(lost_writes failover)"
    restart_agent "$node"
    wait_healthy || log "old primary node$node did not rejoin within ${HEALTHY_TIMEOUT}s"
}

# ---------------------------------------------------------------------------------------------- report

results_table() {
    local commit
    commit=$(git -C "$STEWARD_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)
    echo
    echo "### Run $RUN_ID (commit $commit, $NODES nodes, ttl/loop_wait/retry_timeout ${STEWARD_TTL:-20}/${STEWARD_LOOP_WAIT:-5}/${STEWARD_RETRY_TIMEOUT:-5}, $(nproc) CPUs, $(uname -sr))"
    echo
    echo "| Measurement | Result |"
    echo "|---|---|"
    echo "| Bootstrap time (up → healthy) | ${RESULT[bootstrap]:-not measured} |"
    echo "| Unplanned failover write-unavailability | ${RESULT[failover]:-not measured} |"
    echo "| Acknowledged writes lost (unplanned failover) | ${RESULT[lost]:-not measured} |"
    echo "| Switchover write-unavailability | ${RESULT[switchover]:-not measured} |"
    echo "| Pause propagation | ${RESULT[pause]:-not measured} |"
    echo "| Agent idle RSS | ${RESULT[rss]:-not measured} |"
    echo "| Agent idle CPU | ${RESULT[cpu]:-not measured} |"
    echo "| Agent start-up time | ${RESULT[startup]:-not measured} |"
}

cleanup() {
    local log
    if [[ -n ${WRITER_PID:-} ]]; then
        kill "$WRITER_PID" 2>/dev/null || true
    fi
    if [[ -d $CLUSTER ]]; then
        mkdir -p "$OUT/logs"
        for log in "$CLUSTER"/node*/agent.log; do
            [[ -f $log ]] && cp "$log" "$OUT/logs/$(basename "$(dirname "$log")").log"
        done
        "$STEWARD_HOME/bin/local-cluster" down --dir "$CLUSTER" >>"$OUT/down.log" 2>&1 || true
    fi
}

main() {
    while [[ $# -gt 0 ]]; do
        case $1 in
        --nodes) NODES=$2; shift 2 ;;
        --idle-seconds) IDLE_SECONDS=$2; shift 2 ;;
        --idle-settle) IDLE_SETTLE=$2; shift 2 ;;
        --no-readme) WRITE_README=0; shift ;;
        *) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
        esac
    done
    command -v psql >/dev/null 2>&1 || die "psql is required (apt-get install postgresql-client)"
    mkdir -p "$OUT"
    trap cleanup EXIT
    ensure_built
    log "bootstrap"
    if measure_bootstrap; then
        prepare_writes_table || log "could not create bench_writes on the primary"
        log "idle footprint"; measure_idle_footprint || true
        log "pause propagation"; measure_pause_propagation || true
        log "switchover"; measure_switchover || true
        log "agent start-up"; measure_agent_startup || true
        log "unplanned failover"; measure_unplanned_failover || true
    fi
    results_table | tee "$OUT/results.md"
    if ((WRITE_README)); then
        results_table >>"$STEWARD_HOME/bench/README.md"
        log "results appended to bench/README.md"
    fi
}

main "$@"
