# evidock — 执法音像采集工作站
#   make run    install what is missing, build, open the workstation
#   make test   install what is missing, vet and run every test (with -race)
#   make bench  time an import side by side with cp, sha256sum and openssl (see bench/)

GO      ?= go
BIN     := bin/evidock
# Debian packages the build, the tests and the tools use. Installed once, as root.
DEB_PACKAGES := gcc pkg-config xorg-dev libgl1-mesa-dev xvfb xauth fonts-wqy-microhei \
                xorriso fusefat fuse3 dosfstools mtools ffmpeg poppler-utils openssl

.PHONY: all deps build run test vet bench demo screenshots windows package clean

all: build

# deps installs the Debian packages that are missing; it does nothing when
# all are present, so it is safe to run every time.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "need root (or sudo) to install:$$missing" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(GO) mod download

build: deps
	$(GO) build -o $(BIN) ./cmd/evidock

# run opens the window on the default data folder (the user's data folder,
# or $$EVIDOCK_DATA). Without a display it runs under Xvfb.
run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "no display found: running under Xvfb (see 'make screenshots' to look at it)"; \
	  xvfb-run -a -s "-screen 0 1280x800x24" ./$(BIN); \
	else ./$(BIN); fi

vet: deps
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

test: vet
	$(GO) test -race -timeout 20m ./...

bench: build
	$(GO) test -run '^$$' -bench . -benchtime 3x ./digest ./ingest
	bash bench/import.sh

clean:
	rm -rf bin
