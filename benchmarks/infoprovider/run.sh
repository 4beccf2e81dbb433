#!/usr/bin/env bash
# GVE benchmark — our LDAP registry beside OpenLDAP slapd, same data, same load client, one run.
#
#   benchmarks/infoprovider/run.sh [SITES] [SECONDS]
#   LDIF=/path/data.ldif benchmarks/infoprovider/run.sh 0 [SECONDS]     # use this LDIF instead of generating
#
# Generates SITES sites of GLUE 2 data with `gve ldif generate` (5556 sites ≈ 100k entries), loads it into
# slapd (mdb, BDII's index set) and into `gve infosys serve` (from LDIF into a data directory, then again
# from the data directory alone), then runs gve-ldap-load with the same four queries against each and prints
# searches/s, p50/p99, the ratio ours/slapd, each server's CPU time per search, RSS and start-up times.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SITES=${1:-5556}
SECS=${2:-8}
THREADS=${THREADS:-4}
WORK=$(mktemp -d /tmp/gve-bench-ip.XXXXXX)
SLAPD_PORT=${SLAPD_PORT:-21790}
GVE_PORT=${GVE_PORT:-21791}
source benchmarks/lib/slapd.sh

swift build -c release --product gve >/dev/null
GVE=$(swift build -c release --show-bin-path)/gve
make -s -C benchmarks/ldap-load
LOAD=benchmarks/ldap-load/gve-ldap-load

cleanup() { slapd_stop "$WORK/slapd"; [ -n "${GVE_PID:-}" ] && kill "$GVE_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -n "${LDIF:-}" ]; then
  cp "$LDIF" "$WORK/data.ldif"
else
  { printf 'dn: o=glue\nobjectClass: organization\no: glue\n\n'; "$GVE" ldif generate --sites "$SITES" --seed 1; } > "$WORK/data.ldif"
fi
ENTRIES=$(grep -c '^dn:' "$WORK/data.ldif")
echo "data: $ENTRIES entries, $(du -h "$WORK/data.ldif" | cut -f1)"

t0=$(date +%s.%N); slapd_start "$WORK/slapd" "$SLAPD_PORT" "$WORK/data.ldif"; t1=$(date +%s.%N)
echo "slapd: slapadd + start $(echo "$t1 - $t0" | bc) s"

gve_up() { until ldapsearch -x -H "ldap://127.0.0.1:$GVE_PORT" -b "" -s base 1.1 >/dev/null 2>&1; do sleep 0.02; done; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system, 1/100 s
t0=$(date +%s.%N)
"$GVE" infosys serve --listen "127.0.0.1:$GVE_PORT" --ldif "$WORK/data.ldif" --data "$WORK/gve-data" >"$WORK/gve.log" 2>&1 &
GVE_PID=$!
gve_up
t1=$(date +%s.%N)
echo "gve: start-up from LDIF with $ENTRIES entries (+ checkpoint) $(echo "$t1 - $t0" | bc) s wall, $(cpu_ticks $GVE_PID)0 ms CPU"
kill "$GVE_PID"; wait "$GVE_PID" 2>/dev/null || true
t0=$(date +%s.%N)
"$GVE" infosys serve --listen "127.0.0.1:$GVE_PORT" --data "$WORK/gve-data" >>"$WORK/gve.log" 2>&1 &
GVE_PID=$!
gve_up
t1=$(date +%s.%N)
echo "gve: start-up from the data directory $(echo "$t1 - $t0" | bc) s wall, $(cpu_ticks $GVE_PID)0 ms CPU, RSS $(awk '/VmRSS/ {print $2}' /proc/$GVE_PID/status) kB"
SLAPD_PID=$(cat "$WORK/slapd/slapd.pid")

SID=$(grep -m1 '^GLUE2ServiceID:' "$WORK/data.ldif" | cut -d' ' -f2-)
NAME=$(grep -m1 '^GLUE2EntityName:' "$WORK/data.ldif" | cut -d' ' -f2-)
declare -a Q=(
  "indexed-eq|(GLUE2ServiceID=$SID)|"
  "all-ComputingService|(objectClass=GLUE2ComputingService)|"
  "unindexed-eq-EntityName|(GLUE2EntityName=$NAME)|"
  "mem>=131072|(GLUE2ExecutionEnvironmentMainMemorySize>=131072)|"
)
printf '%-26s %10s %10s %7s %10s %10s %10s %10s %12s %12s\n' query slapd/s gve/s ratio slapd-p50 gve-p50 slapd-p99 gve-p99 \
  slapd-cpu-ms gve-cpu-ms
for q in "${Q[@]}"; do
  IFS='|' read -r name filter attrs <<<"$q"
  c0=$(cpu_ticks "$SLAPD_PID")
  s=$("$LOAD" -H "ldap://127.0.0.1:$SLAPD_PORT" -b o=glue -f "$filter" -c "$THREADS" -t "$SECS" -n "$name")
  c1=$(cpu_ticks "$SLAPD_PID"); d0=$(cpu_ticks "$GVE_PID")
  g=$("$LOAD" -H "ldap://127.0.0.1:$GVE_PORT" -b o=glue -f "$filter" -c "$THREADS" -t "$SECS" -n "$name")
  d1=$(cpu_ticks "$GVE_PID")
  get() { echo "$1" | tr '\t' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }
  sr=$(get "$s" searches/s); gr=$(get "$g" searches/s)
  # Server CPU per search: what each server spends, whatever the client and the machine's other load cost.
  printf '%-26s %10s %10s %7.2f %10s %10s %10s %10s %12.3f %12.3f   (%s entries/search)\n' "$name" "$sr" "$gr" \
    "$(echo "$gr / $sr" | bc -l)" "$(get "$s" p50_ms)" "$(get "$g" p50_ms)" "$(get "$s" p99_ms)" "$(get "$g" p99_ms)" \
    "$(echo "($c1 - $c0) * 10 / $(get "$s" searches)" | bc -l)" "$(echo "($d1 - $d0) * 10 / $(get "$g" searches)" | bc -l)" \
    "$(get "$g" entries/search)"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RSS: slapd $(slapd_rss_kb "$WORK/slapd") kB, gve $(awk '/VmRSS/ {print $2}' /proc/$GVE_PID/status) kB"
