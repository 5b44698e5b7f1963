#!/usr/bin/env bash
# Load test: `newsgraph serve` answering read requests while `newsgraph ingest` writes new
# documents into the same SQLite database. Not run in CI (it takes a few minutes and needs wrk).
#
# What it does:
#   1. builds the release CLI (`cargo build --release -p newsgraph-cli`, target/release/newsgraph);
#   2. creates a temporary database and ingests examples/articles into it;
#   3. ingests $PRELOAD synthetic articles (new texts: an example with its paragraphs rotated
#      and a numbered sentence added), so that every phase reads a database of a few hundred
#      documents;
#   4. starts `newsgraph serve --db DB --addr 127.0.0.1:$PORT` and waits until it answers;
#   5. for each read endpoint runs `wrk -t2 -c8 -d$DURATION --latency URL` three times:
#        baseline  no other load;
#        ingest    while a background loop ingests new synthetic articles into the same
#                  database with the CLI ($BATCH files per `newsgraph ingest` run, a pause of
#                  $INGEST_PAUSE s between runs), as a steady concurrent writer;
#        after     no other load again, over the database the ingest run grew: the slowdown
#                  that growth alone explains;
#   6. prints a table: endpoint, phase, requests/s, p50, p99, non-2xx responses, socket errors
#      (wrk counts a request unanswered after 2 s as a timeout), documents stored before and
#      after each run, and the ratio of requests/s to the endpoint's baseline.
#
# Ingest is fast (tens of documents a second on 2 cores), so the database grows during the
# ingest runs; the pause bounds that growth, and the after run brackets it.
#
# Exit status: 0 when no phase saw a non-2xx response or a socket error and every ingest run
# succeeded, 1 otherwise.
#
# Usage: bench/load_test.sh            (from anywhere; it cds to the repository root)
# Knobs (environment): PORT=18080 DURATION=10s PRELOAD=300 BATCH=10 INGEST_PAUSE=1
#   INGEST_THREADS=1 (worker threads of each background ingest run) SKIP_BUILD=1 (reuse the binary)
#   KEEP=1 (keep the temporary directory and print its path)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PORT:-18080}
DURATION=${DURATION:-10s}
PRELOAD=${PRELOAD:-300}
BATCH=${BATCH:-10}
INGEST_PAUSE=${INGEST_PAUSE:-1}
INGEST_THREADS=${INGEST_THREADS:-1}
BIN=$ROOT/target/release/newsgraph

command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
    cargo build --release -p newsgraph-cli
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-load.XXXXXX")
DB=$WORK/load.db
SERVER_PID=
INGEST_PID=
cleanup() {
    [[ -n "$INGEST_PID" ]] && kill "$INGEST_PID" 2>/dev/null || true
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- data ------------------------------------------------------------------------------------
"$BIN" ingest examples/articles --db "$DB" -q

# Synthetic articles, made on demand: article n is example n mod 19 with its paragraphs after
# the lede rotated by n / 19 and one numbered sentence added at the end, so every text is new
# (documents are keyed by a hash of their text). make_batch FIRST COUNT writes articles
# FIRST..FIRST+COUNT-1 into a fresh directory and prints it, for `ingest DIR`.
mapfile -t EXAMPLES < <(ls examples/articles/*.txt | sort)
places=(Tromvik Halden Kestrel Varna Oskar Lindau Marlow Pellan)
make_batch() {
    local d=$WORK/batch_$1 i src place
    mkdir -p "$d"
    for ((i = $1; i < $1 + $2; i++)); do
        src=${EXAMPLES[$((i % ${#EXAMPLES[@]}))]}
        place=${places[$((i % ${#places[@]}))]}
        awk -v rot="$((i / ${#EXAMPLES[@]}))" -v n="$i" -v place="$place" '
            { lines[NR] = $0 }
            END {
                m = NR - 1
                print lines[1]
                for (k = 0; k < m; k++) print lines[2 + (k + rot) % m]
                print ""
                printf "Officials in %s said on Monday that review number %d of the matter would close within %d days.\n", place, n, (n % 27) + 3
            }' "$src" >"$d/$(printf 'synth_%05d.txt' "$i")"
    done
    echo "$d"
}
"$BIN" ingest "$(make_batch 0 "$PRELOAD")" --db "$DB" -q

# --- server ----------------------------------------------------------------------------------
"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$BASE/api/stats" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 2; }
    sleep 0.1
done
curl -fsS -o /dev/null "$BASE/api/stats" || { echo "server did not answer" >&2; exit 2; }

docs() { curl -fsS "$BASE/api/stats" | grep -o '"documents":[0-9]*' | head -1 | cut -d: -f2; }
ENTITY=$(curl -fsS "$BASE/api/entities?per_page=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
ENDPOINTS=(
    "/api/stats"
    "/api/entities?per_page=50"
    "/api/entities/$ENTITY"
    "/api/events"
    "/api/quotes"
    "/"
)

# --- background ingest -------------------------------------------------------------------------
# Ingests batch after batch of new synthetic articles, pausing $INGEST_PAUSE s between runs,
# until the stop file appears; records each run's exit status and duration. NEXT_FILE holds the
# number of the next synthetic article, so that every run writes new texts.
echo "$PRELOAD" >"$WORK/next"
ingest_loop() {
    local next d t0 rc
    while [[ ! -e "$WORK/stop" ]]; do
        next=$(cat "$WORK/next")
        d=$(make_batch "$next" "$BATCH")
        echo $((next + BATCH)) >"$WORK/next"
        t0=$(date +%s.%N)
        rc=0
        "$BIN" ingest "$d" --db "$DB" -q -j "$INGEST_THREADS" 2>>"$WORK/ingest.err" || rc=$?
        awk -v rc="$rc" -v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%d %.3f\n", rc, t1 - t0 }' >>"$WORK/ingest.runs"
        sleep "$INGEST_PAUSE"
    done
}

# --- wrk ---------------------------------------------------------------------------------------
RESULTS=$WORK/results.tsv
: >"$RESULTS"
run_wrk() { # run_wrk PHASE PATH
    local out rps p50 p99 non2xx sock n
    n=$(docs)
    out=$(wrk -t2 -c8 -d"$DURATION" --latency "$BASE$2")
    echo "$out" >>"$WORK/wrk.log"
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
    sock=$(awk -F'Socket errors: ' 'NF > 1 { print $2 }' <<<"$out" | tr -d ' ')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" "${sock:-none}" "$n" "$(docs)" >>"$RESULTS"
}

# Per endpoint: a baseline run, a run while the ingest loop writes, and a run after it stopped
# (the database grew meanwhile; the after run shows how much of a slowdown is that growth).
DOCS_START=$(docs)
for e in "${ENDPOINTS[@]}"; do
    run_wrk baseline "$e"
    rm -f "$WORK/stop"
    ingest_loop &
    INGEST_PID=$!
    run_wrk ingest "$e"
    touch "$WORK/stop"
    wait "$INGEST_PID" || true
    INGEST_PID=
    run_wrk after "$e"
done
DOCS_END=$(docs)

# --- report ------------------------------------------------------------------------------------
echo
echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), shared by server, wrk and ingest"
echo "wrk -t2 -c8 -d$DURATION --latency; server: newsgraph serve over a WAL SQLite database"
echo "documents: $DOCS_START at start, $DOCS_END at the end"
runs=$(wc -l <"$WORK/ingest.runs" 2>/dev/null || echo 0)
failed=$(awk '$1 != 0' "$WORK/ingest.runs" 2>/dev/null | wc -l)
secs=$(awk '{ s += $2 } END { printf "%.1f", s }' "$WORK/ingest.runs" 2>/dev/null)
echo "background ingest: $runs runs of $BATCH new files (-j $INGEST_THREADS, ${INGEST_PAUSE}s pause between runs), $failed failed, $secs s inside ingest, $((DOCS_END - DOCS_START)) documents added"
echo
awk -F'\t' '
    BEGIN { printf "%-28s %-9s %9s %9s %9s %7s %-28s %11s %6s\n", "endpoint", "phase", "req/s", "p50", "p99", "non-2xx", "socket errors", "docs", "ratio" }
    $2 == "baseline" { base[$1] = $3 }
    { ratio = (base[$1] > 0) ? sprintf("%.2f", $3 / base[$1]) : "-"
      printf "%-28s %-9s %9s %9s %9s %7s %-28s %11s %6s\n", $1, $2, $3, $4, $5, $6, $7, $8 "->" $9, ratio }
' "$RESULTS"

status=0
if awk -F'\t' '$6 != 0 || $7 != "none" { bad = 1 } END { exit !bad }' "$RESULTS"; then
    echo "FAIL: some requests failed (see non-2xx / socket errors)" >&2
    status=1
fi
if [[ "$failed" -ne 0 ]]; then
    echo "FAIL: $failed ingest runs failed:" >&2
    cat "$WORK/ingest.err" >&2
    status=1
fi
[[ -s "$WORK/serve.log" ]] && { echo "server log:"; tail -20 "$WORK/serve.log"; }
exit $status
