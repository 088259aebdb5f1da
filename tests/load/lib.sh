# Shared settings and helpers of tests/load/run (sourced, not run).
# shellcheck shell=bash

LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LOAD_DIR/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
BIN=$CARGO_TARGET_DIR/release

# Everything the run creates (keys, configs, logs, CSV files, results) lives here.
WORK=${BENCH_WORK:-/var/tmp/formaliza-bench}
RESULTS=$WORK/results
LOGS=$WORK/logs
KEYS=$WORK/keys

# PostgreSQL: a server where we may create and drop the bench_* databases (trust or ~/.pgpass).
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
pg_url() { echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$1"; }
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER")
psql_db() { local db=$1; shift; "${PSQL[@]}" -d "$db" "$@"; }

# Load settings (all overridable).
DURATION=${BENCH_DURATION:-10}              # seconds per measured point
WARMUP=${BENCH_WARMUP:-2}                   # seconds of warm-up before each point
GATEWAY_CONCURRENCY=${BENCH_GATEWAY_CONCURRENCY:-"16 64 256"}
LIST_CONCURRENCY=${BENCH_LIST_CONCURRENCY:-"16 64"}
INDICATOR_HOUSEHOLDS=${BENCH_INDICATOR_HOUSEHOLDS:-"10000 50000 100000"}
INDICATOR_CONCURRENCY=${BENCH_INDICATOR_CONCURRENCY:-"1 4"}
INDICATOR_DURATION=${BENCH_INDICATOR_DURATION:-20}      # seconds per point, and at least
INDICATOR_MIN_REQUESTS=${BENCH_INDICATOR_MIN_REQUESTS:-10} # this many requests
INDICATOR_AS_OF=${BENCH_INDICATOR_AS_OF:-2025-06-30}
FORMALISATION_ORGANISATIONS=${BENCH_FORMALISATION_ORGANISATIONS:-20000}
FORMALISATION_HOUSEHOLDS=${BENCH_FORMALISATION_HOUSEHOLDS:-100000}  # of 4 members each
WEBHOOK_EVENTS=${BENCH_WEBHOOK_EVENTS:-20000}
WEBHOOK_BATCH=${BENCH_WEBHOOK_BATCH:-1000}  # events per message: the feed floor's page size
LIST_ROWS=${BENCH_LIST_ROWS:-1000000}
LIST_DEEP_AFTER=${BENCH_LIST_DEEP_AFTER:-900000}
EXPORT_SIZES=${BENCH_EXPORT_SIZES:-"100000 1000000"}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}
IMPORT_BIG_ROWS=${BENCH_IMPORT_BIG_ROWS:-1000000} # the import job memory case; 0 skips it
WRITE_CONCURRENCY=${BENCH_WRITE_CONCURRENCY:-"1 16"}
CORES=$(nproc)
WRK_THREADS=${BENCH_WRK_THREADS:-2}
# Worker threads / processes of every proxy (Formaliza gateway, HAProxy, nginx proxy).
PROXY_THREADS=${BENCH_PROXY_THREADS:-$CORES}
# nginx worker processes of the trivial upstream (shared by all four paths).
UPSTREAM_WORKERS=${BENCH_UPSTREAM_WORKERS:-1}
# Database connections per service (FORMALIZA_DB_POOL_SIZE).
POOL_SIZE=${BENCH_POOL_SIZE:-16}

# Optional CPU pinning (taskset lists such as "0-1"), for a machine with enough cores to keep the
# load generator, the upstream and the proxy or service apart. Unset: no pinning.
CPUS_LOAD=${BENCH_CPUS_LOAD:-}          # wrk, pgbench, psql, curl
CPUS_UPSTREAM=${BENCH_CPUS_UPSTREAM:-}  # the trivial nginx upstream
CPUS_PROXY=${BENCH_CPUS_PROXY:-}        # the Formaliza gateway, HAProxy, the nginx proxy
CPUS_SERVICE=${BENCH_CPUS_SERVICE:-}    # the Formaliza services
pinned() { # cpus cmd...
    local cpus=$1; shift
    if [[ -n $cpus ]]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

# Loopback ports.
PORT_BASE=${BENCH_PORT_BASE:-19100}
P_UPSTREAM=$((PORT_BASE + 1))
P_HAPROXY=$((PORT_BASE + 2))
P_NGINX=$((PORT_BASE + 3))
P_GATEWAY=$((PORT_BASE + 4))
P_MEMBERS=$((PORT_BASE + 5))
P_PROTECTION=$((PORT_BASE + 6))
P_TRAININGS=$((PORT_BASE + 7))
P_STANDALONE=$((PORT_BASE + 8))
P_BARE=$((PORT_BASE + 9))
# The gateway's and the standalone's metrics listeners (never the public ports).
P_GATEWAY_METRICS=$((PORT_BASE + 10))
P_STANDALONE_METRICS=$((PORT_BASE + 11))

# Tokens: one ES256 key, trusted by the gateway and the services through a JWKS file, and by
# HAProxy as a PEM public key.
JWT_ISSUER=bench-issuer
JWT_AUDIENCE=formaliza-bench
JWT_LEEWAY=30

# Many connections: as many descriptors as we may have.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

log() { printf '\033[1m[bench %(%H:%M:%S)T]\033[0m %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Results: one "key<TAB>value" line per figure, in $RESULTS/<section>.tsv; report.py renders.

reset_results() { mkdir -p "$RESULTS"; : >"$RESULTS/$1.tsv"; }
record() { # section key value (an empty value means the measurement failed: stop)
    [[ -n $3 ]] || die "no value for $2 (see the messages above and $LOGS)"
    # Section run times are kept across runs of other sections: replace the key only.
    if [[ $1 == durations && -f $RESULTS/durations.tsv ]]; then
        grep -v "^$2	" "$RESULTS/durations.tsv" >"$RESULTS/durations.tsv.new" || true
        mv "$RESULTS/durations.tsv.new" "$RESULTS/durations.tsv"
    fi
    printf '%s\t%s\n' "$2" "$3" >>"$RESULTS/$1.tsv"
    log "  $2 = $3"
}

# ---------------------------------------------------------------------------------------------
# Processes this run started (only these are ever stopped).

declare -a BENCH_PIDS=()
declare -A BENCH_PID_OF=()

start_bg() { # name cmd... (environment from the caller); stdout+stderr to $LOGS/name.log
    local name=$1 cpus=; shift
    case $name in
        upstream) cpus=$CPUS_UPSTREAM ;;
        haproxy | nginx-proxy) cpus=$CPUS_PROXY ;;
    esac
    mkdir -p "$LOGS"
    # Started directly (not through a function), so that $! is the process itself.
    if [[ -n $cpus ]]; then
        taskset -c "$cpus" "$@" >"$LOGS/$name.log" 2>&1 &
    else
        "$@" >"$LOGS/$name.log" 2>&1 &
    fi
    local pid=$!
    BENCH_PIDS+=("$pid")
    BENCH_PID_OF[$name]=$pid
    log "started $name (pid $pid)"
}

pid_of() { echo "${BENCH_PID_OF[$1]}"; }

stop_bg() { # name
    local name=$1 pid=${BENCH_PID_OF[$1]:-}
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    unset "BENCH_PID_OF[$name]"
}

stop_all() {
    local name
    for name in "${!BENCH_PID_OF[@]}"; do stop_bg "$name"; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_http() { # url [seconds] [expected status] [name of the process that must stay up]
    local url=$1 seconds=${2:-60} expected=${3:-200} name=${4:-} code
    for _ in $(seq $((seconds * 20))); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
        [[ $code == "$expected" ]] && return 0
        if [[ -n $name ]] && ! kill -0 "${BENCH_PID_OF[$name]}" 2>/dev/null; then
            die "$name exited: $(tail -n 5 "$LOGS/$name.log")"
        fi
        sleep 0.05
    done
    die "$url did not answer $expected within ${seconds}s (last: $code); see $LOGS"
}

proc_kib() { # pid field (VmRSS, VmHWM)
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# ---------------------------------------------------------------------------------------------
# wrk: warm-up, then one measured point; prints the JSON line of report.lua.

wrk_point() { # concurrency seconds url [timeout]
    local c=$1 seconds=$2 url=$3 timeout=${4:-10s} threads=$WRK_THREADS out before
    ((threads > c)) && threads=$c
    export BENCH_WRK_THREADS=$threads
    if ((WARMUP > 0)); then
        pinned "$CPUS_LOAD" wrk -t"$threads" -c"$c" -d"${WARMUP}s" --timeout "$timeout" -s "$LOAD_DIR/report.lua" "$url" >/dev/null
    fi
    before=$(cpu_ticks_of "${BENCH_CPU_PIDS:-}")
    out=$(pinned "$CPUS_LOAD" /usr/bin/time -f 'BENCH_WRK_CPU %U %S' \
        wrk -t"$threads" -c"$c" -d"${seconds}s" --timeout "$timeout" --latency -s "$LOAD_DIR/report.lua" "$url" 2>&1)
    echo "$out" >>"$LOGS/wrk.log"
    # Adds CPU microseconds per request: wrk's own, and each process of BENCH_CPU_PIDS.
    python3 "$LOAD_DIR/cpu.py" "$(grep '^BENCH_JSON ' <<<"$out" | sed 's/^BENCH_JSON //')" requests \
        "$before" "$(cpu_ticks_of "${BENCH_CPU_PIDS:-}")" "wrk=$(grep '^BENCH_WRK_CPU ' <<<"$out" | cut -d' ' -f2-)"
}

# CPU ticks of each "name=pid" with its children (nginx's and HAProxy's workers, PostgreSQL's
# backends; those already gone are in the parent's cutime and cstime), as "name=user:system ...".
cpu_ticks_of() {
    local spec name pid p user system u s out=()
    for spec in $1; do
        name=${spec%%=*} pid=${spec#*=}
        read -r user system < <(awk '{ print $14 + $16, $15 + $17 }' "/proc/$pid/stat" 2>/dev/null || echo 0 0)
        for p in $(pgrep -P "$pid" || true); do
            read -r u s < <(awk '{ print $14, $15 }' "/proc/$p/stat" 2>/dev/null || echo 0 0)
            user=$((user + u)) system=$((system + s))
        done
        out+=("$name=$user:$system")
    done
    echo "${out[*]}"
}

# The PostgreSQL server's main process (its backends are its children), if it runs here.
postgres_pid() { pgrep -o -x postgres || true; }

# The same for pgbench: tps and mean latency of a script file at a concurrency.
pgbench_point() { # db concurrency seconds script
    local db=$1 c=$2 seconds=$3 script=$4 out tps lat threads=$WRK_THREADS
    ((threads > c)) && threads=$c
    pinned "$CPUS_LOAD" pgbench -n -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -M prepared -c "$c" -j "$threads" \
        -T "$WARMUP" -f "$script" "$db" >/dev/null 2>&1 || true
    out=$(pinned "$CPUS_LOAD" pgbench -n -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -M prepared -c "$c" -j "$threads" \
        -T "$seconds" -f "$script" "$db" 2>&1) || die "pgbench failed: $out"
    echo "$out" >>"$LOGS/pgbench.log"
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
    lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<<"$out")
    printf '{"rps":%s,"mean_ms":%s}\n' "$tps" "$lat"
}

now_s() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.3f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# Formaliza components, configured from the environment as the README describes.

formaliza_env() {
    export RUST_LOG=${BENCH_RUST_LOG:-warn}
    export FORMALIZA_JWKS_FILE=$KEYS/jwks.json
    export FORMALIZA_JWT_ISSUER=$JWT_ISSUER FORMALIZA_JWT_AUDIENCE=$JWT_AUDIENCE
    export FORMALIZA_JWT_LEEWAY_SECONDS=$JWT_LEEWAY
    export FORMALIZA_RATE_LIMIT_PER_SECOND=1000000000 FORMALIZA_RATE_LIMIT_BURST=1000000000
    export FORMALIZA_DB_POOL_SIZE=$POOL_SIZE
    export FORMALIZA_PSEUDONYM_SECRET=bench-pseudonym-secret-0123456789abcdef
}

start_gateway() { # extra VAR=value... (upstream URLs)
    mkdir -p "$WORK/gateway"
    (
        formaliza_env
        export FORMALIZA_BIND=127.0.0.1:$P_GATEWAY
        export FORMALIZA_METRICS_BIND=127.0.0.1:$P_GATEWAY_METRICS
        export FORMALIZA_DATABASE_URL=$WORK/gateway/gateway.sqlite
        export FORMALIZA_DB_POOL_SIZE=2
        export FORMALIZA_WORKERS=$PROXY_THREADS
        export FORMALIZA_UPSTREAM_TIMEOUT_MS=${BENCH_GATEWAY_TIMEOUT_MS:-30000}
        [[ $# -gt 0 ]] && export "$@"
        exec ${CPUS_PROXY:+taskset -c "$CPUS_PROXY"} "$BIN/formaliza-gateway"
    ) >"$LOGS/gateway.log" 2>&1 &
    BENCH_PIDS+=("$!"); BENCH_PID_OF[gateway]=$!
    log "started gateway (pid $!)"
    wait_http "http://127.0.0.1:$P_GATEWAY/healthz" 60 200 gateway
}

start_service() { # name(members|social-protection|trainings) port database-url [VAR=value...]
    local name=$1 port=$2 url=$3; shift 3
    (
        formaliza_env
        export FORMALIZA_BIND=127.0.0.1:$port FORMALIZA_DATABASE_URL=$url
        [[ $# -gt 0 ]] && export "$@"
        exec ${CPUS_SERVICE:+taskset -c "$CPUS_SERVICE"} "$BIN/formaliza-$name"
    ) >"$LOGS/$name.log" 2>&1 &
    BENCH_PIDS+=("$!"); BENCH_PID_OF[$name]=$!
    log "started $name (pid $!) on $url"
    wait_http "http://127.0.0.1:$port/readyz" 120 200 "$name"
}

# ---------------------------------------------------------------------------------------------
# Seeded databases: created fresh, migrated by the service's own `migrate`, seeded with SQL (and
# the kept coverage or formalisation model rebuilt from the seeded rows), and
# marked (COMMENT ON DATABASE) with the seed's checksum and parameters, so a later run skips
# seeding when nothing changed.

ensure_db() { # db service seed.sql VAR=value...
    local db=$1 service=$2 seed=$3; shift 3
    local tag current started
    tag="formaliza-bench $(cat "$LOAD_DIR/seed/common.sql" "$LOAD_DIR/seed/$seed" \
        "$REPO/services/$service/migrations/postgres"/*/up.sql | md5sum | cut -c1-12) $*"
    current=$(psql_db postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
    if [[ $current == "$tag" ]]; then
        log "$db already seeded ($*)"
        return
    fi
    log "seeding $db ($*) — this takes a while once"
    started=$(now_s)
    psql_db postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    FORMALIZA_DATABASE_URL=$(pg_url "$db") RUST_LOG=warn "$BIN/formaliza-$service" migrate
    local vars=()
    for kv in "$@"; do vars+=(-v "$kv"); done
    psql_db "$db" -v seed_dir="$LOAD_DIR/seed" "${vars[@]}" -f "$LOAD_DIR/seed/$seed"
    # The seed wrote around the service: its kept indicator model is rebuilt from the rows.
    if [[ $service == social-protection ]]; then
        FORMALIZA_DATABASE_URL=$(pg_url "$db") RUST_LOG=warn "$BIN/formaliza-$service" rebuild-coverage
    elif [[ $seed == formalisation.sql ]]; then
        FORMALIZA_DATABASE_URL=$(pg_url "$db") RUST_LOG=warn "$BIN/formaliza-$service" rebuild-formalisation
    fi
    psql_db postgres -c "COMMENT ON DATABASE $db IS '$tag'"
    # The seed's dirty pages are written now, not by a checkpoint in the middle of a measurement.
    psql_db postgres -c "CHECKPOINT"
    log "seeded $db in $(elapsed "$started") s"
}
