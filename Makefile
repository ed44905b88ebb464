# evidock — 执法音像采集工作站
#   make run    install what is missing, build, open the workstation
#   make test   install what is missing (Debian packages, versitygw, staticcheck), lint (see lint) and
#               run every test (with -race), the time-sensitive ones under UTC and China time
#   make demo   a demo data folder, the window, and a simulated recorder docking
#   make screenshots  every screen in Chinese and English into docs/screenshots (Xvfb)
#   make windows  cross-build bin/evidock.exe (mingw-w64, cgo)
#   make package  installable packages with fyne package (Linux tar.xz; Windows .exe)
#   make bench  time an import side by side with cp, sha256sum and openssl,
#               replicate next to a bare minio-go FPutObject loop, and 25
#               recorders docked at once under watch next to one import of
#               the same bytes (tmpfs mounts: as root, else skipped; see bench/)

GO      ?= go
SHELL   := bash
BIN     := bin/evidock
# Debian packages the build, the tests and the tools use. Installed once, as root.
DEB_PACKAGES := gcc pkg-config xorg-dev libgl1-mesa-dev xvfb xauth fonts-wqy-microhei \
                xorriso fusefat fuse3 dosfstools mtools ffmpeg poppler-utils openssl \
                gcc-mingw-w64-x86-64 time bc x11-utils xdotool

.PHONY: all deps build run test vet lint bench demo screenshots windows package clean

TOOLS ?= $(HOME)/.cache/evidock/bin

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

# lint is what CI checks besides the tests: go.mod and go.sum tidy, the
# generated code as go generate makes it, staticcheck, and no Go file past
# MAX_LINES (split it by idea). Each check leaves the tree as it was.
MAX_LINES ?= 600
STATICCHECK := $(TOOLS)/staticcheck
STATICCHECK_VERSION := v0.8.2
$(STATICCHECK):
	mkdir -p $(TOOLS)
	GOBIN=$(TOOLS) CGO_ENABLED=0 $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

lint: vet $(STATICCHECK)
	@cp go.mod bin/.go.mod.before 2>/dev/null || { mkdir -p bin && cp go.mod bin/.go.mod.before; }; cp go.sum bin/.go.sum.before; \
	$(GO) mod tidy; \
	if ! cmp -s go.mod bin/.go.mod.before || ! cmp -s go.sum bin/.go.sum.before; then \
	  diff -u bin/.go.mod.before go.mod; cp bin/.go.mod.before go.mod; cp bin/.go.sum.before go.sum; \
	  echo "go.mod/go.sum are not tidy: run go mod tidy and commit the result" >&2; exit 1; fi
	@before=$$(git ls-files '*.go' '*.s' | xargs sha256sum); $(GO) generate ./...; \
	after=$$(git ls-files '*.go' '*.s' | xargs sha256sum); \
	test "$$before" = "$$after" || { echo "go generate changed:"; diff <(echo "$$before") <(echo "$$after"); \
	  echo "run go generate ./... and commit its output" >&2; exit 1; }
	$(STATICCHECK) ./...
	@long=$$(git ls-files '*.go' | xargs wc -l | awk -v max=$(MAX_LINES) '$$2 != "total" && $$1 > max {print}'); \
	test -z "$$long" || { echo "files over $(MAX_LINES) lines (split them by idea):"; echo "$$long"; exit 1; }

# versitygw: the S3 server with Object Lock the replication tests run
# (started and stopped by the tests on a loopback port). Built once into a
# cache folder outside the work tree, so that clean clones share it.
VERSITYGW  := $(TOOLS)/versitygw
VERSITYGW_VERSION := v1.8.0
$(VERSITYGW):
	mkdir -p $(TOOLS)
	GOBIN=$(TOOLS) CGO_ENABLED=0 $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

# The office PCs run on China time; the packages that decide about times
# (recording times, days, lateness, retention) run again under it, with
# -count=1: the test cache does not see TZ, and would answer from the UTC run.
# The race detector already ran over the same code under UTC, so this run
# goes without it (several times faster on the 2-core CI machine).
TIME_PKGS := ./store ./records ./custody ./access ./retention ./followups ./safekeeping ./ingest/... ./cmd/evidock ./internal/commands/... ./report ./forms ./export ./internal/clock ./app/daychart

test: lint $(VERSITYGW)
	TZ=UTC EVIDOCK_VERSITYGW=$(VERSITYGW) $(GO) test -race -timeout 20m ./...
	TZ=Asia/Shanghai EVIDOCK_TZ_RERUN=1 EVIDOCK_VERSITYGW=$(VERSITYGW) $(GO) test -count=1 -timeout 20m $(TIME_PKGS)

bench: build $(VERSITYGW)
	$(GO) test -run '^$$' -bench . -benchtime 3x ./digest/... ./ingest
	$(GO) test -run '^$$' -bench VerifyState -benchtime 3x ./safekeeping # the state check of verify: target under 5 s
	bash bench/import.sh
	EVIDOCK_VERSITYGW=$(VERSITYGW) bash bench/replicate.sh
	bash bench/recorders.sh

# demo makes demo/ (data folder, watched folder, the login in
# demo/demo-password.txt), opens the window and docks a simulated recorder.
demo: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "no display found: running under Xvfb (see 'make screenshots' to look at it)"; \
	  xvfb-run -a -s "-screen 0 1280x800x24" ./$(BIN) demo --dir demo; \
	else ./$(BIN) demo --dir demo; fi

# screenshots: the real window under Xvfb on fresh demo data, one PNG per
# screen and language (docs/screenshots/<screen>-<zh|en>.png), taken by the
# tool in cmd/screenshots (not part of the shipped program).
screenshots: deps
	$(GO) build -o bin/screenshots ./cmd/screenshots
	rm -rf bin/screenshot-demo
	LANG=zh_CN.UTF-8 xvfb-run -a -s "-screen 0 1024x768x24" ./bin/screenshots -demo bin/screenshot-demo -out docs/screenshots

# windows cross-builds the Windows executable, so every Windows-only path
# compiles (cgo for Fyne's OpenGL driver, through mingw-w64).
windows: deps
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc $(GO) build -o bin/evidock.exe ./cmd/evidock

# The Fyne tool, built once with the host's compiler (the Windows package
# then runs it with the cross compiler; building it with that would fail).
FYNE := $(CURDIR)/bin/fyne
$(FYNE):
	GOBIN=$(CURDIR)/bin CGO_ENABLED=0 $(GO) install fyne.io/tools/cmd/fyne@v1.7.4

# package builds installable packages with the Fyne tool: a Linux tar.xz
# (make install inside it puts the launcher and icon in place) and a
# Windows executable with the icon and metadata embedded.
package: deps $(FYNE)
	mkdir -p bin/package
	cd cmd/evidock && $(FYNE) package --os linux --release --icon ../../assets/icon.png --app-id cn.gov.jiangyuan.evidock --name evidock --app-version 0.1.0
	mv cmd/evidock/evidock.tar.xz bin/package/
	cd cmd/evidock && CC=x86_64-w64-mingw32-gcc CGO_ENABLED=1 $(FYNE) package --os windows --release --icon ../../assets/icon.png --app-id cn.gov.jiangyuan.evidock --name evidock --app-version 0.1.0
	mv cmd/evidock/evidock.exe bin/package/

clean:
	rm -rf bin
