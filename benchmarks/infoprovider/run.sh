#!/usr/bin/env bash
# GVE benchmark — our LDAP registry beside OpenLDAP slapd, same data, same load client, one run.
#
#   benchmarks/infoprovider/run.sh [SITES] [SECONDS]
#
# Generates SITES sites of GLUE 2 data with `gve ldif generate` (5556 sites ≈ 100k entries), loads it into
# slapd (mdb, BDII's index set) and into `gve infosys serve`, then runs gve-ldap-load with the same four
# queries against each and prints searches/s, p50/p99, the ratio ours/slapd, RSS and start-up time.
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

{ printf 'dn: o=glue\nobjectClass: organization\no: glue\n\n'; "$GVE" ldif generate --sites "$SITES" --seed 1; } > "$WORK/data.ldif"
ENTRIES=$(grep -c '^dn:' "$WORK/data.ldif")
echo "data: $ENTRIES entries, $(du -h "$WORK/data.ldif" | cut -f1)"

t0=$(date +%s.%N); slapd_start "$WORK/slapd" "$SLAPD_PORT" "$WORK/data.ldif"; t1=$(date +%s.%N)
echo "slapd: slapadd + start $(echo "$t1 - $t0" | bc) s"

t0=$(date +%s.%N)
"$GVE" infosys serve --listen "127.0.0.1:$GVE_PORT" --ldif "$WORK/data.ldif" >"$WORK/gve.log" 2>&1 &
GVE_PID=$!
until ldapsearch -x -H "ldap://127.0.0.1:$GVE_PORT" -b "" -s base 1.1 >/dev/null 2>&1; do sleep 0.05; done
t1=$(date +%s.%N)
echo "gve: start-up with $ENTRIES entries $(echo "$t1 - $t0" | bc) s"

SID=$(grep -m1 '^GLUE2ServiceID:' "$WORK/data.ldif" | cut -d' ' -f2-)
NAME=$(grep -m1 '^GLUE2EntityName:' "$WORK/data.ldif" | cut -d' ' -f2-)
declare -a Q=(
  "indexed-eq|(GLUE2ServiceID=$SID)|"
  "all-ComputingService|(objectClass=GLUE2ComputingService)|"
  "unindexed-eq-EntityName|(GLUE2EntityName=$NAME)|"
  "mem>=131072|(GLUE2ExecutionEnvironmentMainMemorySize>=131072)|"
)
printf '%-26s %12s %12s %8s %10s %10s %10s %10s\n' query slapd/s gve/s ratio slapd-p50 gve-p50 slapd-p99 gve-p99
for q in "${Q[@]}"; do
  IFS='|' read -r name filter attrs <<<"$q"
  s=$("$LOAD" -H "ldap://127.0.0.1:$SLAPD_PORT" -b o=glue -f "$filter" -c "$THREADS" -t "$SECS" -n "$name")
  g=$("$LOAD" -H "ldap://127.0.0.1:$GVE_PORT" -b o=glue -f "$filter" -c "$THREADS" -t "$SECS" -n "$name")
  get() { echo "$1" | tr '\t' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }
  sr=$(get "$s" searches/s); gr=$(get "$g" searches/s)
  printf '%-26s %12s %12s %8.2f %10s %10s %10s %10s   (%s entries/search)\n' "$name" "$sr" "$gr" \
    "$(echo "$gr / $sr" | bc -l)" "$(get "$s" p50_ms)" "$(get "$g" p50_ms)" "$(get "$s" p99_ms)" "$(get "$g" p99_ms)" \
    "$(get "$g" entries/search)"
done
echo "RSS: slapd $(slapd_rss_kb "$WORK/slapd") kB, gve $(awk '/VmRSS/ {print $2}' /proc/$GVE_PID/status) kB"
