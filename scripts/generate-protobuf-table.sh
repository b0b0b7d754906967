#!/usr/bin/env bash
# Regenerates Sources/SwiftletAPI/Resources/protobuf.json, the protobuf field
# table of the built-in types, from checkouts of the Kubernetes repositories
# at the release Swiftlet follows:
#
#   git clone --branch v0.32.9 https://github.com/kubernetes/api API_DIR
#   git clone --branch v0.32.9 https://github.com/kubernetes/apimachinery APIMACHINERY_DIR
#   scripts/generate-protobuf-table.sh API_DIR APIMACHINERY_DIR
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 API_DIR APIMACHINERY_DIR" >&2
    exit 2
fi
cd "$(dirname "$0")/.."
swift build --product swiftlet-codegen
"$(swift build --show-bin-path)/swiftlet-codegen" protobuf "$1" "$2" Sources/SwiftletAPI/Resources/protobuf.json
