# GVE benchmarks — run OpenLDAP slapd as the peer, with the GLUE 2.0 schema (+ ours) and BDII's index set.
# Source this file. Functions: slapd_start DIR PORT LDIF  (offline slapadd, then slapd in the background),
# slapd_stop DIR, slapd_rss_kb DIR.

# The equality indexes Debian's bdii-slapd.conf configures for o=glue (GLUE 2 IDs, interface name, policy rule).
BDII_GLUE2_EQ_INDEX="GLUE2GroupID GLUE2ExtensionLocalID GLUE2LocationID GLUE2ContactID GLUE2DomainID GLUE2ServiceID
GLUE2EndpointID GLUE2ShareID GLUE2ManagerID GLUE2ResourceID GLUE2ActivityID GLUE2PolicyID GLUE2BenchmarkID
GLUE2ApplicationEnvironmentID GLUE2ApplicationHandleID GLUE2ToStorageServiceID GLUE2StorageServiceCapacityID
GLUE2StorageAccessProtocolID GLUE2StorageShareSharingID GLUE2StorageShareCapacityID GLUE2EndpointInterfaceName
GLUE2PolicyRule"

slapd_write_conf() {  # DIR PORT
    local dir=$1 port=$2 root
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    mkdir -p "$dir/db"
    {
        for s in core cosine nis; do echo "include /etc/ldap/schema/$s.schema"; done
        echo "include /etc/ldap/schema/GLUE20.schema"
        for s in "$root"/glue-schema/*.schema; do [ -f "$s" ] && echo "include $s"; done
        cat <<CONF
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
moduleload back_mdb
sizelimit unlimited
threads 16
access to * by * read
database mdb
suffix "o=glue"
rootdn "o=glue"
rootpw secret
directory $dir/db
maxsize 4294967296
dbnosync
index objectClass eq,pres
CONF
        for a in $BDII_GLUE2_EQ_INDEX; do echo "index $a eq"; done
    } > "$dir/slapd.conf"
    # Debian's slapd has back_mdb built in or as a module; drop moduleload when it is built in.
    if ! /usr/sbin/slaptest -Q -u -f "$dir/slapd.conf" 2>/dev/null; then
        sed -i '/^moduleload/d' "$dir/slapd.conf"
        /usr/sbin/slaptest -Q -u -f "$dir/slapd.conf"
    fi
}

slapd_start() {  # DIR PORT LDIF
    local dir=$1 port=$2 ldif=$3
    slapd_write_conf "$dir" "$port"
    /usr/sbin/slapadd -q -f "$dir/slapd.conf" -b o=glue -l "$ldif"
    setsid /usr/sbin/slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/" -d 0 >"$dir/slapd.log" 2>&1 &
    for _ in $(seq 100); do
        ldapsearch -x -H "ldap://127.0.0.1:$port" -b "" -s base 1.1 >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "slapd did not start; see $dir/slapd.log" >&2; return 1
}

slapd_stop() {  # DIR
    local pid
    pid=$(cat "$1/slapd.pid" 2>/dev/null) || return 0
    grep -q slapd "/proc/$pid/cmdline" 2>/dev/null && kill "$pid" && sleep 0.5
    return 0
}

slapd_rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$(cat "$1/slapd.pid")/status"; }
