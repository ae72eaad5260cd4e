# The two set-up commands of the README:
#   make demo   install libcsv-dev, libxlsxwriter-dev and zlib1g-dev if missing, build, report on a sample group
#   make test   install libcsv-dev, libxlsxwriter-dev and zlib1g-dev if missing, build, run every test
SWIFT ?= swift
GROUP ?= SampleGroups/onsen-cp932

# Homebrew puts libcsv outside the compiler's default paths and it ships no pkg-config file.
ifeq ($(shell uname -s),Darwin)
BREW_PREFIX := $(shell brew --prefix 2>/dev/null)
SWIFT_FLAGS := -Xcc -I$(BREW_PREFIX)/include -Xlinker -L$(BREW_PREFIX)/lib
endif

PREFIX ?= $(HOME)/.local

# Release builds on Linux link the Swift runtime and Foundation statically: the binary then runs
# without a Swift toolchain installed, and a sample report takes about three quarters of the time
# (12.2 -> 9.0 ms, 116.7 -> 97.7 M instructions: the dynamic loader's work at start-up).
ifeq ($(shell uname -s),Linux)
RELEASE_FLAGS := --static-swift-stdlib
endif

.PHONY: demo test deps build bench install format lint

deps:
	@sh scripts/ensure-libs.sh

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

demo: build
	"$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/groupprod" report "$(GROUP)"

test: deps lint
	$(SWIFT) test $(SWIFT_FLAGS)

# The code is formatted to .swift-format (swift-format ships with the Swift 6 toolchain):
# `make format` rewrites, `make lint` (part of `make test`) fails on any difference.
format:
	$(SWIFT) format format -i -r --configuration .swift-format Sources Tests Package.swift

lint:
	@if $(SWIFT) format --version >/dev/null 2>&1; then \
		$(SWIFT) format lint --strict -r --configuration .swift-format Sources Tests Package.swift; \
	else echo "swift-format not found: formatting not checked"; fi

bench: deps
	sh bench/run.sh

# An optimised release build copied to $(PREFIX)/bin, e.g. ~/.local/bin.
install: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) $(SWIFT_FLAGS)
	mkdir -p "$(PREFIX)/bin"
	install -m 755 "$$($(SWIFT) build -c release $(RELEASE_FLAGS) $(SWIFT_FLAGS) --show-bin-path)/groupprod" "$(PREFIX)/bin/groupprod"
	@echo "installed $(PREFIX)/bin/groupprod (make sure $(PREFIX)/bin is on your PATH)"
