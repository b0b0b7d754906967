#!/usr/bin/env bash
# Regenerates Sources/SwiftletCRI/Generated from Sources/SwiftletCRI/Proto/cri.proto.
# Needs protoc (Debian's protobuf-compiler); builds the Swift protobuf and
# gRPC code generators from the package versions Package.swift names.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${CODEGEN_DIR:-$PWD/.build-codegen}"
mkdir -p "$work"
if [ ! -d "$work/grpc-swift-protobuf" ]; then
  git clone -q --branch 2.4.1 https://github.com/grpc/grpc-swift-protobuf "$work/grpc-swift-protobuf"
fi
(cd "$work/grpc-swift-protobuf" && swift build -c release --product protoc-gen-grpc-swift-2 \
  && swift build -c release --product protoc-gen-swift)
bin="$(cd "$work/grpc-swift-protobuf" && swift build -c release --show-bin-path)"
out=Sources/SwiftletCRI/Generated
rm -f "$out"/*.swift
protoc --proto_path=Sources/SwiftletCRI/Proto \
  --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
  --swift_out="$out" --swift_opt=Visibility=Public \
  --grpc-swift_out="$out" --grpc-swift_opt=Visibility=Public,Server=false,Client=true \
  cri.proto
# Generated code is not the project's style to lint.
for f in "$out"/*.swift; do
  if ! grep -q "swift-format-ignore-file" "$f"; then
    { echo "// swift-format-ignore-file"; cat "$f"; } > "$f.tmp"
    mv "$f.tmp" "$f"
  fi
done
echo "generated: $(ls "$out")"
