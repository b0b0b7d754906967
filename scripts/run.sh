#!/usr/bin/env bash
# Starts `swiftlet server` with its defaults and says how to reach it.
set -euo pipefail
bin="$(swift build -c release --show-bin-path)/swiftlet"
data_dir="${SWIFTLET_DATA_DIR:-./swiftlet-data}"
cat <<MSG

Starting swiftlet server (data in ${data_dir}, https://127.0.0.1:6443).
Once it says "ready", in another terminal:

  export KUBECONFIG=$(pwd)/${data_dir#./}/admin.kubeconfig
  kubectl get namespaces

Stop it with Ctrl-C.

MSG
exec "$bin" server --data-dir "$data_dir"
