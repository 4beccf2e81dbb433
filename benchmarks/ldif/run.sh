#!/usr/bin/env bash
# GVE — LDIF parsing benchmark (not a test). Generates GLUE 2-shaped LDIF files of 10k and 100k
# entries (gen.py), then times, in one run, GVE's LDIFReader (release build, streaming, every record
# fully materialised as LDAPEntry values), GVE's LDIFParallelReader on 2 threads, and python-ldap's
# ldif.LDIFParser under /usr/bin/python3 on the same files, printing records, parse seconds, the
# ratios and the peak RSS of each (/usr/bin/time -v).
#
#   [REPEAT=3] benchmarks/ldif/run.sh [ENTRIES...]        default: 10000 100000
#
# Times are the parse time each side measures itself (file open to last record), best of REPEAT runs.
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
minimum() { awk -v a="$1" -v b="${2:-$1}" 'BEGIN { print (a < b ? a : b) }'; }
# GVE prints "<path>: <records> records, <values> values, <errors> errors, <seconds> s"
gve_records() { sed -E 's/.*: ([0-9]+) records.*/\1/' "$1"; }
gve_secs() { sed -E 's/.* ([0-9.]+) s$/\1/' "$1"; }

printf '%-8s %-8s | %-8s %8s %10s | %8s %10s | %-8s %8s %10s | %7s %7s\n' entries "file MB" \
    records "GVE s" "GVE RSS KB" "GVEx2 s" "GVEx2 RSS" records "py s" "py RSS KB" ratio "ratiox2"
for n in "${sizes[@]}"; do
    f="$work/glue-$n.ldif"
    /usr/bin/python3 "$here/gen.py" "$n" > "$f"
    mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1048576 }')
    g_secs=; t_secs=; p_secs=
    for _ in $(seq "${REPEAT:-3}"); do
        /usr/bin/time -v -o "$work/gve.time" "$bench" "$f" > "$work/gve.out"
        g_records=$(gve_records "$work/gve.out")
        g_secs=$(minimum "$(gve_secs "$work/gve.out")" "$g_secs")
        /usr/bin/time -v -o "$work/gve2.time" "$bench" --threads 2 "$f" > "$work/gve2.out"
        t_secs=$(minimum "$(gve_secs "$work/gve2.out")" "$t_secs")
        /usr/bin/time -v -o "$work/py.time" /usr/bin/python3 "$work/pyldif.py" "$f" > "$work/py.out"
        read -r p_records s < "$work/py.out"
        p_secs=$(minimum "$s" "$p_secs")
    done
    ratio=$(awk -v p="$p_secs" -v g="$g_secs" 'BEGIN { printf "%.1fx", p / g }')
    ratio2=$(awk -v p="$p_secs" -v g="$t_secs" 'BEGIN { printf "%.1fx", p / g }')
    printf '%-8s %-8s | %-8s %8s %10s | %8s %10s | %-8s %8s %10s | %7s %7s\n' "$n" "$mb" \
        "$g_records" "$g_secs" "$(rss "$work/gve.time")" "$t_secs" "$(rss "$work/gve2.time")" \
        "$p_records" "$p_secs" "$(rss "$work/py.time")" "$ratio" "$ratio2"
done
