# Two commands for a fresh machine: `make run` and `make test`.
SWIFT ?= swift

.PHONY: all deps test-deps build build-debug run test lint format bench

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
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests Examples

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests Examples

# Every test: unit, storage conformance, in-process API server, and the
# end-to-end run of the real binary with the real kubectl.
test: build-debug lint test-deps
	SWIFTLET_BIN="$$($(SWIFT) build --show-bin-path)/swiftlet" $(SWIFT) test

bench: deps
	$(SWIFT) build -c release --product swiftlet-bench
	"$$($(SWIFT) build -c release --show-bin-path)/swiftlet-bench" api
