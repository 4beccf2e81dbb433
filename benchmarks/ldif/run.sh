#!/usr/bin/env bash
# GVE — LDIF parsing benchmark (not a test). Generates GLUE 2-shaped LDIF files of 10k and 100k
# entries (gen.py), then times, in one run and on the same files:
#   - GVE materialising: LDIFReader.next(), every record an LDIFRecord/LDAPEntry (release build)
#   - GVE streaming:     LDIFReader.nextRecord(into:), the LDIFVisitor API (no values built)
#   - python-ldap:       ldif.LDIFParser under /usr/bin/python3
#   - with PARALLEL=1 also GVE's LDIFParallelReader on 2 threads (materialising)
# and prints records, parse seconds, CPU seconds (user+sys), peak RSS (/usr/bin/time -v) and the ratios.
#
#   [REPEAT=3] [PARALLEL=1] benchmarks/ldif/run.sh [ENTRIES...]        default: 10000 100000
#
# "s" is the parse time each side measures itself (file open to last record), best of REPEAT runs;
# "cpu" is the process's user+sys time of that best run's kind (best of REPEAT), less sensitive to
# other load on the machine. The load average is printed before and after.
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
cpu() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.3f", u + s}' "$1"; }
minimum() { awk -v a="$1" -v b="${2:-$1}" 'BEGIN { print (a < b ? a : b) }'; }
ratio() { awk -v p="$1" -v g="$2" 'BEGIN { printf "%.1fx", p / g }'; }
# GVE prints "<path>: <records> records, <values> values, <errors> errors, <seconds> s"
gve_records() { sed -E 's/.*: ([0-9]+) records.*/\1/' "$1"; }
gve_secs() { sed -E 's/.* ([0-9.]+) s$/\1/' "$1"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-6s | %-7s %6s %6s %8s | %6s %6s %8s | %6s %6s %8s | %-9s %-9s %-9s %-9s\n' entries "MB" \
    records "mat s" "cpu" "RSS KB" "str s" "cpu" "RSS KB" "py s" "cpu" "RSS KB" "mat/py" "str/py" "mat cpu" "str cpu"
for n in "${sizes[@]}"; do
    f="$work/glue-$n.ldif"
    /usr/bin/python3 "$here/gen.py" "$n" > "$f"
    mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1048576 }')
    m_secs=; s_secs=; t_secs=; p_secs=; m_cpu=; s_cpu=; p_cpu=
    for _ in $(seq "${REPEAT:-3}"); do
        /usr/bin/time -v -o "$work/mat.time" "$bench" "$f" > "$work/mat.out"
        m_records=$(gve_records "$work/mat.out")
        m_secs=$(minimum "$(gve_secs "$work/mat.out")" "$m_secs"); m_cpu=$(minimum "$(cpu "$work/mat.time")" "$m_cpu")
        /usr/bin/time -v -o "$work/str.time" "$bench" --stream "$f" > "$work/str.out"
        s_records=$(gve_records "$work/str.out")
        s_secs=$(minimum "$(gve_secs "$work/str.out")" "$s_secs"); s_cpu=$(minimum "$(cpu "$work/str.time")" "$s_cpu")
        if [ "${PARALLEL:-0}" = 1 ]; then
            "$bench" --threads 2 "$f" > "$work/par.out"
            t_secs=$(minimum "$(gve_secs "$work/par.out")" "$t_secs")
        fi
        /usr/bin/time -v -o "$work/py.time" /usr/bin/python3 "$work/pyldif.py" "$f" > "$work/py.out"
        read -r p_records s < "$work/py.out"
        p_secs=$(minimum "$s" "$p_secs"); p_cpu=$(minimum "$(cpu "$work/py.time")" "$p_cpu")
    done
    [ "$m_records" = "$p_records" ] && [ "$s_records" = "$p_records" ] || echo "record counts differ: $m_records $s_records $p_records" >&2
    printf '%-7s %-6s | %-7s %6s %6s %8s | %6s %6s %8s | %6s %6s %8s | %-9s %-9s %-9s %-9s\n' "$n" "$mb" \
        "$m_records" "$m_secs" "$m_cpu" "$(rss "$work/mat.time")" "$s_secs" "$s_cpu" "$(rss "$work/str.time")" \
        "$p_secs" "$p_cpu" "$(rss "$work/py.time")" \
        "$(ratio "$p_secs" "$m_secs")" "$(ratio "$p_secs" "$s_secs")" "$(ratio "$p_cpu" "$m_cpu")" "$(ratio "$p_cpu" "$s_cpu")"
    [ "${PARALLEL:-0}" = 1 ] && echo "  parallel (2 threads, materialising): $t_secs s, $(ratio "$p_secs" "$t_secs")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
