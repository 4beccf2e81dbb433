#!/usr/bin/env bash
# benchmarks/agent/run.sh — Agent clone and lifecycle figures (a benchmark, not a timed test).
#
#   1. qemu-img level: `qemu-img create` overlay on a 1 GiB (filled) and a 100 GiB (sparse) qcow2 template, against a
#      full copy (qemu-img convert) of the 1 GiB one; median and max of N runs, and the ratio 100 GiB / 1 GiB.
#      (The Agent's qemu-img fallback; the Agent writes overlays natively since, see 2.)
#   2. Agent level: `gve agent serve` on libvirt's test driver; N Clones (native qcow2 overlay + define) of each
#      template and N Starts over SOAP; the Agent's own time per request comes from its jobs table (started →
#      finished), the throughput from the wall clock of the sequential SOAP calls.
#   3. State change → visible in the registry: the Agent publishes to a `gve infosys serve` registry through the
#      InfoProvider's LDAP client (REGISTRY=slapd uses a throwaway slapd instead).
#
# Usage: benchmarks/agent/run.sh [N]    (GVE=path/to/gve to pick a binary; default: swift build --product gve;
#                                        OVERLAY_WRITER=qemu-img to measure the Agent with its qemu-img path)
set -euo pipefail
N=${1:-20}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/gve-agent-bench.XXXXXX")
PORT=$((20000 + RANDOM % 20000))
SERVER_PID=""
SLAPD_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    [ -n "$SLAPD_PID" ] && kill -9 "$SLAPD_PID" 2>/dev/null
    wait 2>/dev/null; rm -rf "$W"
}
trap cleanup EXIT

ms() { date +%s%N; }
stats() { # prints "median max" of the numbers on stdin (ms, 2 decimals)
    sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f\n", m, a[NR]}'
}

echo "== qemu-img $(qemu-img --version | head -1 | awk '{print $3}'), $(nproc) cores, N=$N"
qemu-img create -q -f qcow2 "$W/t1.qcow2" 1G
qemu-io -c "write -P 0x5a 0 1G" "$W/t1.qcow2" >/dev/null 2>&1 || \
    { dd if=/dev/urandom of="$W/t1.raw" bs=1M count=1024 status=none; qemu-img convert -O qcow2 "$W/t1.raw" "$W/t1.qcow2"; rm -f "$W/t1.raw"; }
qemu-img create -q -f qcow2 "$W/t100.qcow2" 100G
echo "templates: 1 GiB filled ($(du -m "$W/t1.qcow2" | cut -f1) MiB on disk), 100 GiB sparse ($(du -k "$W/t100.qcow2" | cut -f1) KiB on disk)"

overlay_ms() { # qemu-img create of an overlay, in ms, N times
    local template=$1
    for i in $(seq "$N"); do
        local t0 t1; t0=$(ms)
        qemu-img create -q -f qcow2 -b "$template" -F qcow2 "$W/o.qcow2"
        t1=$(ms)
        awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f\n",(b-a)/1e6}'
        rm -f "$W/o.qcow2"
    done
}
read -r c1_med c1_max < <(overlay_ms "$W/t1.qcow2" | stats)
read -r c100_med c100_max < <(overlay_ms "$W/t100.qcow2" | stats)
full=()
for i in 1 2 3; do
    t0=$(ms); qemu-img convert -q -f qcow2 -O qcow2 "$W/t1.qcow2" "$W/full.qcow2"; t1=$(ms); rm -f "$W/full.qcow2"
    full+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f",(b-a)/1e6}')")
done
read -r full_med full_max < <(printf '%s\n' "${full[@]}" | stats)
echo "overlay clone, 1 GiB template:   median ${c1_med} ms, max ${c1_max} ms"
echo "overlay clone, 100 GiB template: median ${c100_med} ms, max ${c100_max} ms"
echo "ratio 100 GiB / 1 GiB (median):  $(awk -v a="$c100_med" -v b="$c1_med" 'BEGIN{printf "%.2f", a/b}')"
echo "full copy, 1 GiB template (3 runs): median ${full_med} ms, max ${full_max} ms"

echo
echo "== Agent over SOAP on the libvirt test driver"
GVE=${GVE:-}
if [ -z "$GVE" ]; then
    (cd "$ROOT" && GVE_TARGETS=gve swift build --product gve >/dev/null)
    GVE="$(cd "$ROOT" && GVE_TARGETS=gve swift build --show-bin-path)/gve"
fi
cat > "$W/node.xml" <<XML
<?xml version="1.0"?>
<node>
  <cpu><mhz>2400</mhz><model>x86_64</model><active>1024</active><nodes>1</nodes><sockets>1</sockets><cores>1024</cores><threads>1</threads></cpu>
  <memory>1073741824</memory>
</node>
XML
DATA="$W/data"
echo bench-password > "$W/pw"
"$GVE" agent image import "$W/t1.qcow2" --name bench-1g --os-name ubuntu --os-version 22.04 --in-place --data "$DATA" >/dev/null
"$GVE" agent image import "$W/t100.qcow2" --name bench-100g --os-name ubuntu --os-version 22.04 --in-place --data "$DATA" >/dev/null
"$GVE" agent site-service add bench --password-file "$W/pw" --bcrypt-cost 4 --data "$DATA" >/dev/null
LPORT=$((PORT + 1))
printf bench-secret > "$W/ldap.pw"
printf 'dn: o=glue\nobjectClass: organization\no: glue\n\ndn: GLUE2GroupID=resource,o=glue\nobjectClass: GLUE2Group\nGLUE2GroupID: resource\n' > "$W/base.ldif"
if [ "${REGISTRY:-gve}" = slapd ]; then
    # A throwaway slapd with the GLUE 2.0 + 2.1 cloud schemas.
    mkdir -p "$W/slapd/db"
    cat > "$W/slapd/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/GLUE20.schema
include $ROOT/glue-schema/GLUE21-cloud.schema
pidfile $W/slapd/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 104857600
suffix "o=glue"
rootdn "o=glue"
rootpw bench-secret
directory $W/slapd/db
CONF
    /usr/sbin/slapd -d 0 -h "ldap://127.0.0.1:$LPORT/" -f "$W/slapd/slapd.conf" >/dev/null 2>&1 &
    SLAPD_PID=$!
    for i in $(seq 100); do ldapsearch -x -H "ldap://127.0.0.1:$LPORT" -s base -b "" >/dev/null 2>&1 && break; sleep 0.05; done
    ldapadd -x -H "ldap://127.0.0.1:$LPORT" -D o=glue -w bench-secret -f "$W/base.ldif" >/dev/null
else
    # Our registry, writable by the root DN the Agent binds as.
    "$GVE" infosys serve --listen "127.0.0.1:$LPORT" --ldif "$W/base.ldif" --root-dn o=glue --root-password-file "$W/ldap.pw" \
        >"$W/registry.log" 2>&1 &
    SLAPD_PID=$!
    for i in $(seq 200); do ldapsearch -x -H "ldap://127.0.0.1:$LPORT" -s base -b "o=glue" >/dev/null 2>&1 && break; sleep 0.05; done
fi
echo "registry: ${REGISTRY:-gve} on port $LPORT"
"$GVE" agent serve --listen "127.0.0.1:$PORT" --hypervisor "test://$W/node.xml" --data "$DATA" \
    --registry "ldap://127.0.0.1:$LPORT" --publisher-dn o=glue --publisher-password-file "$W/ldap.pw" \
    --overlay-writer "${OVERLAY_WRITER:-native}" >"$W/serve.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/soap?wsdl" && break; sleep 0.1; done

soap() {
    curl -s -u bench:bench-password -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- "http://127.0.0.1:$PORT/soap" <<XML
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>$1</soap:Body></soap:Envelope>
XML
}
t0=$(ms)
for i in $(seq "$N"); do
    soap "<Clone xmlns=\"urn:gve:agent:1\"><image>bench-1g</image><name>b$i</name><vcpus>1</vcpus><memoryMB>256</memoryMB><requestId>b$i</requestId><owner>bench</owner></Clone>" \
        | grep -q "<state>halted</state>" || { echo "Clone b$i failed"; exit 1; }
done
t1=$(ms)
for i in $(seq "$N"); do
    soap "<Clone xmlns=\"urn:gve:agent:1\"><image>bench-100g</image><name>c$i</name><vcpus>1</vcpus><memoryMB>256</memoryMB><requestId>c$i</requestId><owner>bench</owner></Clone>" \
        | grep -q "<state>halted</state>" || { echo "Clone c$i failed"; exit 1; }
done
t1b=$(ms)
for i in $(seq "$N"); do
    soap "<Start xmlns=\"urn:gve:agent:1\"><name>b$i</name></Start>" | grep -q "<state>running</state>" || { echo "Start b$i failed"; exit 1; }
done
t2=$(ms)
job_ms() { sqlite3 "$DATA/agent.sqlite" "SELECT printf('%.3f', (julianday(finished) - julianday(started)) * 86400000) FROM jobs WHERE operation = '$1' AND state = 'succeeded' AND vmName LIKE '${2:-%}'"; }
read -r clone_med clone_max < <(job_ms Clone 'b%' | stats)
read -r clone100_med clone100_max < <(job_ms Clone 'c%' | stats)
read -r start_med start_max < <(job_ms Start | stats)
echo "Clone (${OVERLAY_WRITER:-native} overlay + define) inside the Agent, 1 GiB template:   median ${clone_med} ms, max ${clone_max} ms"
echo "Clone (${OVERLAY_WRITER:-native} overlay + define) inside the Agent, 100 GiB template: median ${clone100_med} ms, max ${clone100_max} ms"
echo "ratio 100 GiB / 1 GiB (median): $(awk -v a="$clone100_med" -v b="$clone_med" 'BEGIN{printf "%.2f", a/b}')"
# The disk step alone, from the Clone jobs' notes ("disk: native overlay in 0.412 ms").
disk_ms() { sqlite3 "$DATA/agent.sqlite" "SELECT note FROM jobs WHERE operation = 'Clone' AND state = 'succeeded' AND vmName LIKE '$1'" | awk '{print $(NF-1)}'; }
read -r disk1_med disk1_max < <(disk_ms 'b%' | stats)
read -r disk100_med disk100_max < <(disk_ms 'c%' | stats)
echo "overlay write inside the Agent ($(sqlite3 "$DATA/agent.sqlite" "SELECT note FROM jobs WHERE operation = 'Clone' LIMIT 1" | awk '{print $2}')), 1 GiB template:   median ${disk1_med} ms, max ${disk1_max} ms"
echo "overlay write inside the Agent, 100 GiB template: median ${disk100_med} ms, max ${disk100_max} ms"
echo "ratio 100 GiB / 1 GiB (median): $(awk -v a="$disk100_med" -v b="$disk1_med" 'BEGIN{printf "%.2f", a/b}')"
for vm in b1 c1; do qemu-img check -q "$DATA/vms/$vm.qcow2" && echo "qemu-img check $vm.qcow2: clean"; done
qemu-img info --output=json "$DATA/vms/c1.qcow2" | grep -E '"(virtual-size|backing-filename|backing-filename-format)"' 
echo "Start inside the Agent:                    median ${start_med} ms, max ${start_max} ms"
echo "SOAP Clone throughput (sequential, incl. HTTP + bcrypt cost 4): $(awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", n/((b-a)/1e9)}') VMs/s"
echo "SOAP Start throughput (sequential):                             $(awk -v n="$N" -v a="$t1b" -v b="$t2" 'BEGIN{printf "%.1f", n/((b-a)/1e9)}') VMs/s"
echo "define+start on the test driver: $(awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t1b" -v d="$t2" 'BEGIN{printf "%.1f", n/(((b-a)+(d-c))/1e9)}') VMs/s end to end"

# State change -> visible in the registry: Suspend a VM over SOAP, then poll ldapsearch until the instance entry
# says suspended. Resolution is bounded by one ldapsearch process (~ a few ms).
lat=()
for i in $(seq "$N"); do
    soap "<Suspend xmlns=\"urn:gve:agent:1\"><name>b$i</name></Suspend>" | grep -q "<state>suspended</state>" || { echo "Suspend b$i failed"; exit 1; }
    t0=$(ms)
    for j in $(seq 2000); do
        ldapsearch -x -LLL -H "ldap://127.0.0.1:$LPORT" -b o=glue "(&(objectClass=GLUE2CloudComputingInstance)(GLUE2EntityName=b$i))" \
            GLUE2CloudComputingInstanceState 2>/dev/null | grep -q suspended && break
    done
    t1=$(ms)
    lat+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f",(b-a)/1e6}')")
done
sorted=$(printf '%s\n' "${lat[@]}" | sort -n)
p99=$(echo "$sorted" | awk -v n="$N" '{a[NR]=$1} END {i=int(n*0.99+0.999); if(i<1)i=1; print a[i]}')
read -r lat_med lat_max < <(echo "$sorted" | stats)
echo "state change -> visible in the registry (after the SOAP reply): median ${lat_med} ms, p99 ${p99} ms, max ${lat_max} ms"
