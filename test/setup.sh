#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine: the oldest supported Prometheus
# tools (Debian's prometheus and prometheus-alertmanager), the current ones built from their Go
# modules (test/tools/build.sh, skipped when already built), and the locked npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for bin in promtool prometheus amtool prometheus-alertmanager; do
  command -v "$bin" >/dev/null 2>&1 || need+=("$bin")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages prometheus prometheus-alertmanager (missing: ${need[*]})"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
  # The packages start their daemons; the tests start their own on loopback ports.
  $sudo systemctl stop prometheus prometheus-alertmanager 2>/dev/null || true
fi
test/tools/build.sh
npm ci --no-audit --no-fund
