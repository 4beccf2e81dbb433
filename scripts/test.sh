#!/usr/bin/env bash
# Builds and runs every test (unit and integration). Integration tests start the real peers they
# need themselves (slapd, libvirt's test driver, zeep, ldapsearch, python-ldap) on loopback ports of their own.
#
# Tests run one at a time (--no-parallel): many of them run servers in-process and drive real clients
# as subprocesses, and on a 2-core machine running them all at once starves the cooperative thread pool
# (timeouts in zeep and publishing tests, minutes instead of seconds). Serially the suite takes under a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
mkdir -p .build
swift test --skip-build --no-parallel 2>&1 | tee .build/test.log
