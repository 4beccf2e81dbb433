#!/usr/bin/env bash
# GVE interop — Debian's real BDII (package bdii 6.0.0: /usr/sbin/bdii-update + its slapd) as a top-level
# registry aggregating one LDAP source (e.g. a GVE site registry), for the integration tests.
#
#   bdii-top.sh start WORK PORT SOURCE_URL   write a copy of Debian's bdii-top-slapd.conf into WORK (paths moved,
#                                            mdb maxsize added), start its slapd on 127.0.0.1:PORT, and run ONE
#                                            bdii-update cycle whose provider ldapsearches SOURCE_URL
#                                            (ldap://host:port/o=glue) and re-roots ...,o=glue under
#                                            GLUE2GroupID=grid,o=glue (what a top-level BDII publishes)
#   bdii-top.sh stop WORK                    stop that slapd (pid file checked against /proc)
#
# Fixes Debian's 6.0.0 needs on Debian 12 (see README.md, "Interoperability"):
#  * bdii-update calls ldapadd/ldapmodify/ldapdelete/ldapsearch with "-h HOST -p PORT", which OpenLDAP 2.5's
#    tools removed: shims first on PATH rewrite them to "-H ldap://HOST:PORT";
#  * Debian's slapd config sets no mdb maxsize (10 MiB map): we add one;
#  * bdii-update only writes with -d, which daemonises at once: we load it as a module and run its main()
#    for one cycle (stopped at its first breathe sleep).
set -euo pipefail
cmd=${1:?usage: bdii-top.sh start WORK PORT SOURCE_URL | stop WORK}
W=${2:?work directory}
BDII_UPDATE=${BDII_UPDATE:-/usr/sbin/bdii-update}

stop() {
    local pid
    pid=$(cat "$W/run/slapd.pid" 2>/dev/null) || return 0
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$W/bdii-slapd.conf"; then
        # A slapd started from a test may have inherited a blocked SIGTERM: KILL after one second.
        kill -TERM "$pid"
        for _ in $(seq 10); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "unknown command $cmd" >&2; exit 2; }
PORT=${3:?port}
SOURCE=${4:?source URL}
[ -x "$BDII_UPDATE" ] || { echo "$BDII_UPDATE is missing: apt-get install bdii (scripts/setup.sh)" >&2; exit 1; }
[ -f /usr/share/bdii/bdii-top-slapd.conf ] || { echo "/usr/share/bdii/bdii-top-slapd.conf is missing (package bdii)" >&2; exit 1; }
mkdir -p "$W"/{db/grid,db/glue,db/stats,run,var/archive,gip/ldif,gip/provider,gip/plugin,shim}

sed -e "s#/var/lib/bdii/db#$W/db#g" -e "s#/run/bdii/db#$W/run#g" /usr/share/bdii/bdii-top-slapd.conf |
    sed -e "s#^directory .*#&\nmaxsize         1073741824#" > "$W/bdii-slapd.conf"
chmod 600 "$W/bdii-slapd.conf"
/usr/sbin/slaptest -Q -u -f "$W/bdii-slapd.conf"

for t in ldapsearch ldapadd ldapmodify ldapdelete; do
    cat > "$W/shim/$t" <<EOF
#!/bin/bash
args=(); host=; port=389
while [ \$# -gt 0 ]; do
  case "\$1" in -h) host=\$2; shift 2 ;; -p) port=\$2; shift 2 ;; *) args+=("\$1"); shift ;; esac
done
[ -n "\$host" ] && args=(-H "ldap://\$host:\$port" "\${args[@]}")
exec /usr/bin/$t "\${args[@]}"
EOF
    chmod +x "$W/shim/$t"
done

cat > "$W/bdii.conf" <<EOF
BDII_LOG_FILE=$W/bdii-update.log
BDII_PID_FILE=$W/run/bdii-update.pid
BDII_RUN_DIR=$W/run
BDII_LOG_LEVEL=INFO
BDII_LDIF_DIR=$W/gip/ldif
BDII_PROVIDER_DIR=$W/gip/provider
BDII_PLUGIN_DIR=$W/gip/plugin
BDII_HOSTNAME=127.0.0.1
BDII_PORT=$PORT
BDII_BREATHE_TIME=600
BDII_READ_TIMEOUT=60
BDII_ARCHIVE_SIZE=0
BDII_DELETE_DELAY=0
BDII_VAR_DIR=$W/var
SLAPD_CONF=$W/bdii-slapd.conf
EOF
cp /usr/share/bdii/default.ldif "$W/gip/ldif/default.ldif"
hostport=${SOURCE#ldap://}; hostport=${hostport%%/*}; base=${SOURCE#ldap://*/}
cat > "$W/gip/provider/top-aggregate" <<EOF
#!/bin/bash
# One ldapsearch of the source; every entry below $base re-rooted under GLUE2GroupID=grid,o=glue.
/usr/bin/ldapsearch -LLL -x -o ldif-wrap=no -o nettimeout=30 -l 60 -H "ldap://$hostport" -b "$base" |
awk '
  /^dn: / { dn=substr(\$0,5)
            if (tolower(dn)=="o=glue") { skip=1; next }
            skip=0
            if (dn !~ /GLUE2GroupID=grid,o=glue\$/) sub(/,o=glue\$/, ",GLUE2GroupID=grid,o=glue", dn)
            print "dn: " dn; next }
  /^\$/ { if (!skip) print; skip=0; next }
  { if (!skip) print }'
EOF
chmod +x "$W/gip/provider/top-aggregate"

stop
# slapd must not inherit our descriptors beyond 0-2: a caller (Foundation's Process) may watch one of them to
# learn that this script ended, and would wait for slapd too.
(
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null || true
    done
    exec setsid /usr/sbin/slapd -f "$W/bdii-slapd.conf" -h "ldap://127.0.0.1:$PORT/" -d 0 >>"$W/slapd.log" 2>&1 </dev/null
) &
for _ in $(seq 300); do
    /usr/bin/ldapsearch -x -LLL -o nettimeout=2 -H "ldap://127.0.0.1:$PORT" -b "" -s base 1.1 >/dev/null 2>&1 && break
    sleep 0.1
done
/usr/bin/ldapsearch -x -LLL -H "ldap://127.0.0.1:$PORT" -b "" -s base 1.1 >/dev/null || { echo "BDII's slapd did not start; see $W/slapd.log" >&2; exit 1; }

PATH="$W/shim:$PATH" CONF="$W/bdii.conf" BDII_UPDATE="$BDII_UPDATE" /usr/bin/python3 - <<'PY'
import importlib.machinery, importlib.util, os, sys, time, logging
loader = importlib.machinery.SourceFileLoader("bdii_update", os.environ["BDII_UPDATE"])
spec = importlib.util.spec_from_loader("bdii_update", loader)
m = importlib.util.module_from_spec(spec)
loader.exec_module(m)
sys.argv = ["bdii-update", "-c", os.environ["CONF"], "-d"]
config = m.get_config(m.parse_options())
m.config = config
log = m.get_logger(config["BDII_LOG_FILE"], config["BDII_LOG_LEVEL"])
log.addHandler(logging.FileHandler(config["BDII_LOG_FILE"]))
m.log = log
class OneCycle(Exception):
    pass
def sleep(seconds):
    raise OneCycle()
m.time.sleep = sleep
me = os.getpid()
try:
    m.main(config, log)
except OneCycle:
    pass
finally:
    if os.getpid() != me:
        os._exit(0)
PY
