#!/usr/bin/env bash
# Installs what Swiftlet needs from Debian's packages, only when missing.
set -euo pipefail

need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
dpkg -s pkg-config >/dev/null 2>&1 || command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
dpkg -s sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
# The node agent's real parts: containerd (CRI), runc, the CNI plugins and
# iptables they use, and the static busybox Swiftlet builds its images from.
for pkg in containerd runc containernetworking-plugins iptables busybox-static; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done

if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "swift is not on PATH: install the Swift 6.3 toolchain first" >&2
  exit 1
fi
if ! command -v kubectl >/dev/null 2>&1; then
  echo "note: kubectl is not on PATH; the end-to-end tests need it" >&2
fi
