# GVE — the two README commands and their helpers.
SWIFT ?= swift
DATA ?= ./gve-data
ARGS ?=

.PHONY: up test setup build release clean bench fuzz

setup:
	bash scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product gve

## make up: install what is missing, build, start the all-in-one site (gve up).
up: release
	$$($(SWIFT) build -c release --show-bin-path)/gve up --data $(DATA) $(ARGS)

## make test: install what is missing, build, run every unit and integration test.
test: setup
	bash scripts/test.sh

bench: release
	bash benchmarks/run.sh

clean:
	rm -rf .build
