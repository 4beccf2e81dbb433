#!/usr/bin/env bash
# Builds and runs every test (unit and integration). Integration tests start the real peers they
# need themselves (slapd, libvirt's test driver, zeep, ldapsearch) on loopback ports of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test.log
