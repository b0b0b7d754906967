# Two commands for a fresh machine: `make run` and `make test`.
SWIFT ?= swift

.PHONY: all deps test-deps build build-debug run test lint format bench crd-plugin

all: build

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-test-deps.sh

build: deps
	$(SWIFT) build -c release --product swiftlet

build-debug: deps
	$(SWIFT) build --build-tests

run: build
	@scripts/run.sh

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests Examples Plugins

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests Examples Plugins

# Every test: unit, storage conformance, in-process API server, and the
# end-to-end run of the real binary with the real kubectl.
test: build-debug lint test-deps crd-plugin
	SWIFTLET_BIN="$$($(SWIFT) build --show-bin-path)/swiftlet" $(SWIFT) test

# The package plugin that writes an operator's CRD YAML, run on the example
# operator (an end-to-end test compares it with the operator's own output).
crd-plugin: build-debug
	@mkdir -p .build/generated
	$(SWIFT) package --allow-writing-to-package-directory generate-crd --product webapp-operator --output .build/generated/webapp-crd.yaml

bench: deps
	$(SWIFT) build -c release --product swiftlet-bench
	"$$($(SWIFT) build -c release --show-bin-path)/swiftlet-bench" api
