#!/usr/bin/env bash
# benchmarks/aggregation/run.sh - aggregation cycles on 100k GLUE 2 entries from 100 LDIF files:
# first cycle (all adds), unchanged cycle, 5 % changed (every 20th entry gains an OtherInfo value).
#
#   run.sh            GVE's Aggregator (release build): once into a dictionary sink, once into GVE's
#                     Directory (schema-checked, in memory)
#   run.sh bdii       the same three cycles with Debian's bdii-update (needs `apt-get install -y bdii`;
#                     uses shared/peers/bdii.sh's site setup: its own slapd on 127.0.0.1:2171)
#
# Env: FILES (100), ENTRIES_PER_FILE (1000), WORK (/tmp/gve-agg-bench).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
[ -d "$PEERS" ] || PEERS=/work/shared/peers
FILES=${FILES:-100}
PER=${ENTRIES_PER_FILE:-1000}
WORK=${WORK:-/tmp/gve-agg-bench}

generate() { # dir
    rm -rf "$1"; mkdir -p "$1"
    local sites_per_file=$(( (PER + 17) / 18 )) i
    for i in $(seq 0 $((FILES - 1))); do
        python3 "$PEERS/gen_glue_ldif.py" --sites "$sites_per_file" --first $((i * sites_per_file)) \
            --policies --prefix BENCH -o "$1/source-$(printf %03d "$i").ldif"
    done
    echo "generated $(cat "$1"/*.ldif | grep -c '^dn:') entries in $FILES files under $1" >&2
}

change5() { # dir: the same rule as AggregationBench's changeFivePercent
    local f
    for f in "$1"/*.ldif; do
        awk '{ print } /^dn: / { if (n % 20 == 0) print "GLUE2EntityOtherInfo: bench-changed=" n; n++ }' "$f" > "$f.tmp"
        mv "$f.tmp" "$f"
    done
}

case "${1:-gve}" in
gve)
    generate "$WORK/gve-ldif"
    (cd "$HERE" && swift build -c release 2>&1 | tail -1)
    "$HERE/.build/release/AggregationBench" "$WORK/gve-ldif"
    generate "$WORK/gve-ldif"
    "$HERE/.build/release/AggregationBench" "$WORK/gve-ldif" --directory
    ;;
bdii)
    [ -x /usr/sbin/bdii-update ] || { echo "bdii not installed: apt-get install -y bdii" >&2; exit 1; }
    export BDII_DIR="$WORK/bdii" BDII_MDB_MAXSIZE=${BDII_MDB_MAXSIZE:-4294967296} BDII_BREATHE_TIME=1
    "$PEERS/bdii.sh" stop site >/dev/null 2>&1 || true
    rm -rf "$BDII_DIR"
    "$PEERS/bdii.sh" setup site >/dev/null
    # Keep Debian's default.ldif (suffix entries); replace the synthetic sites with our 100 files.
    rm -f "$BDII_DIR"/gip/ldif/synthetic-sites.ldif "$BDII_DIR"/gip/provider/*
    generate "$BDII_DIR/gip/ldif/bench" && mv "$BDII_DIR"/gip/ldif/bench/*.ldif "$BDII_DIR/gip/ldif/" && rmdir "$BDII_DIR/gip/ldif/bench"
    # bdii.sh's "cycle" rewrites the LDIF dir, so run its runner the same way without setup.
    one_cycle() {
        PATH="$BDII_DIR/shim:$PATH" ONE=1 CONF="$BDII_DIR/bdii.conf" BDII_UPDATE=/usr/sbin/bdii-update \
        /usr/bin/time -f "bdii-update max RSS %M KiB" /usr/bin/python3 "$HERE/bdii_one_cycle.py"
        ldapsearch -x -LLL -H ldap://127.0.0.1:2171 -b o=infosys '(objectClass=UpdateStats)' 2>/dev/null |
            grep -E '^(UpdateTime|TotalEntries|NewEntries|ModifiedEntries|DeletedEntries|FailedAdds):' | tr '\n' ' '; echo
    }
    echo "== first"; one_cycle
    echo "== unchanged"; one_cycle
    change5 "$BDII_DIR/gip/ldif"; echo "== 5%-changed"; one_cycle
    "$PEERS/bdii.sh" stop site >/dev/null 2>&1 || true
    ;;
*) sed -n '2,9p' "$0"; exit 2 ;;
esac
