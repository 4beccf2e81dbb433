#!/usr/bin/env bash
# benchmarks/publish/run.sh - publish-to-visible latency (issue #4): an agent-style write (an LDAP modify
# through our LDAPClient, as Agent's LDAPRegistryPublisher sends) to a site registry, timed until a search
# at the site returns the new value, and until a search at a top registry aggregating that site does.
# Both registries are GVE's (Directory + LDAPServer on loopback, one process); the top follows the site
# by persistent search (push) and polls every 600 s, so only push can explain the top-level figure.
#
#   run.sh [WRITES] [SERVICES]     defaults 300 writes, 1000 services at the site
#   run.sh poll [WRITES]           the same, but the top level polls (BDII_BREATHE_TIME=1 s) instead
#
# Env: CONFIG=release|debug (release; debug when the machine cannot afford a release build).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONFIG=${CONFIG:-release}
MODE=push
if [ "${1:-}" = poll ]; then MODE=poll; shift; fi
WRITES=${1:-300}
SERVICES=${2:-1000}
cd "$HERE"
swift build -c "$CONFIG" 2>&1 | tail -1
"$(swift build -c "$CONFIG" --show-bin-path)/PublishBench" --mode "$MODE" --writes "$WRITES" --services "$SERVICES" --config "$CONFIG"
