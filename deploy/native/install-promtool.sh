#!/usr/bin/env bash
# Installs promtool, which checks and unit-tests deploy/prometheus/alerts.yml (the monitoring unit
# test runs it when it is on the PATH). Debian ships it in the prometheus package: only the promtool
# binary is taken from it, so no Prometheus server is installed or started. Idempotent.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: promtool. Install it with: sudo bash $0" >&2
  exit 1
fi
echo "Installing promtool from Debian's prometheus package"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
apt-get update -qq
(cd "$work" && apt-get download -qq -o APT::Sandbox::User=root prometheus)
dpkg-deb --fsys-tarfile "$work"/prometheus_*.deb | tar -x -C "$work" ./usr/bin/promtool
install -m 0755 "$work/usr/bin/promtool" /usr/local/bin/promtool
