#!/usr/bin/env bash
# GVE — LDIF parsing benchmark (not a test). Generates GLUE 2-shaped LDIF files of 10k and 100k
# entries, then times, in one run, GVE's LDIFReader (release build, streaming, every record fully
# materialised as LDAPEntry values) against python-ldap's ldif.LDIFParser under /usr/bin/python3 on the
# same files, printing records, parse seconds, the ratio and the peak RSS of each (/usr/bin/time -v).
#
#   benchmarks/ldif/run.sh [ENTRIES...]        default: 10000 100000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
work=$(mktemp -d "${TMPDIR:-/tmp}/gve-ldif-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "building LDIFBench (release)..." >&2
(cd "$here" && GVE_TARGETS=LDIF swift build -c release --product LDIFBench >&2)
bench="$here/.build/release/LDIFBench"

cat > "$work/pyldif.py" <<'PY'
import sys, time, ldif
class Counter(ldif.LDIFParser):
    def __init__(self, f):
        super().__init__(f)
        self.n = 0
    def handle(self, dn, entry):
        self.n += 1
t = time.monotonic()
with open(sys.argv[1], "rb") as f:
    p = Counter(f)
    p.parse()
print("%d %.3f" % (p.n, time.monotonic() - t))
PY

rss() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

printf '%-8s %-10s | %-8s %9s %10s | %-8s %9s %10s | %7s\n' entries "file MB" \
    records "GVE s" "GVE RSS KB" records "py s" "py RSS KB" ratio
for n in "${sizes[@]}"; do
    f="$work/glue-$n.ldif"
    /usr/bin/python3 "$here/gen.py" "$n" > "$f"
    mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1048576 }')
    # GVE: "<path>: <records> records, <values> values, <errors> errors, <seconds> s"
    out=$(/usr/bin/time -v -o "$work/gve.time" "$bench" "$f")
    g_records=$(echo "$out" | sed -E 's/.*: ([0-9]+) records.*/\1/')
    g_secs=$(echo "$out" | sed -E 's/.* ([0-9.]+) s$/\1/')
    read -r p_records p_secs < <(/usr/bin/time -v -o "$work/py.time" /usr/bin/python3 "$work/pyldif.py" "$f")
    ratio=$(awk -v p="$p_secs" -v g="$g_secs" 'BEGIN { printf "%.1fx", p / g }')
    printf '%-8s %-10s | %-8s %9s %10s | %-8s %9s %10s | %7s\n' "$n" "$mb" \
        "$g_records" "$g_secs" "$(rss "$work/gve.time")" "$p_records" "$p_secs" "$(rss "$work/py.time")" "$ratio"
done
