# lienthong: `make serve` to run the server, `make test` to run every test.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
PORT ?= 8080
DATA_DIR ?= var/data
SOURCES = $(shell git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'tools/*.cpp' 'bench/*.cpp' 2>/dev/null)

.PHONY: all deps configure build serve test fuzz lint format clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

serve: build
	@mkdir -p $(DATA_DIR)
	$(BUILD_DIR)/src/cli/lienthong serve --port $(PORT) --data-dir $(DATA_DIR) --demo

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Long fuzzing runs (make test runs each target for 20 seconds).
FUZZ_SECONDS ?= 600
fuzz: deps
	@tests/auth/fuzz/run.sh $(FUZZ_SECONDS)

lint:
	@clang-format --dry-run -Werror $(SOURCES)
	@echo "clang-format: clean"
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@clang-tidy -p $(BUILD_DIR) --quiet --extra-arg=-Wno-unknown-warning-option $(filter %.cpp,$(filter src/%,$(SOURCES))) 2>/dev/null | grep -E 'warning|error' && exit 1 || echo "clang-tidy: clean"

format:
	@clang-format -i $(SOURCES)

clean:
	rm -rf $(BUILD_DIR)
