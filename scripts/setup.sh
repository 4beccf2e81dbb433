#!/usr/bin/env bash
# Installs what GVE needs on Debian 12 (root or sudo). Idempotent: installs only what is missing.
set -euo pipefail
PKGS=(
  pkg-config libsqlite3-dev sqlite3           # GRDB's system SQLite
  libldap-dev ldap-utils slapd glue-schema     # libldap for tests, slapd + GLUE 2.0 schema (differential tests)
  libvirt-dev libvirt-clients qemu-utils       # Agent: libvirt C API (test driver in-process), qemu-img overlays
  python3-ldap python3-zeep                    # real LDAP and SOAP clients in integration tests
  python3-jsonschema                           # JSON Schema 2020-12 validator: the Site Service's /openapi.json and its answers
  libxml2-utils openssl                        # xmllint (XSD validation of our XML rendering), certificates
  curl                                         # Agent SOAP tests: HTTP client (Foundation URLSession stalls on a 401 challenge)
  chromium                                     # headless browser test of the admin web interface
  bdii                                         # Debian's BDII 6.0.0 (bdii-update): interoperability tests (scripts/interop/bdii-top.sh)
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift (6.x) is not on PATH; install the Swift toolchain first" >&2; exit 1; }
echo "setup: all dependencies present"
