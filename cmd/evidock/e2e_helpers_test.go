package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"evidock/ingest/dock"
	"evidock/internal/cliptest"
)

// binaries holds evidock built once per test run, by build tags.
var binaries struct {
	sync.Mutex
	dir  string
	path map[string]string
}

// TestMain removes the binaries the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binaries.dir != "" {
		os.RemoveAll(binaries.dir)
	}
	os.Exit(code)
}

// evidockBinary builds evidock with the build tags (none: the release
// build; "testclock": one whose clock EVIDOCK_TEST_NOW sets) once per run.
func evidockBinary(t *testing.T, tags string) string {
	t.Helper()
	binaries.Lock()
	defer binaries.Unlock()
	if p, ok := binaries.path[tags]; ok {
		return p
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH; cannot build the binary")
	}
	if binaries.dir == "" {
		if binaries.dir, err = os.MkdirTemp("", "evidock-bin-"); err != nil {
			t.Fatal(err)
		}
		binaries.path = map[string]string{}
	}
	bin := filepath.Join(binaries.dir, "evidock-"+strings.ReplaceAll(tags+"release", ",", "-"))
	args := []string{"build", "-o", bin}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %v: %v\n%s", args, err, out)
	}
	binaries.path[tags] = bin
	return bin
}

// proc runs an evidock binary on one data folder, as a person at the
// office PC would: in China time unless told otherwise.
type proc struct {
	t    *testing.T
	bin  string
	data string
	tz   string
	now  string // EVIDOCK_TEST_NOW; "" leaves the clock alone
}

func newProc(t *testing.T, tags string) *proc {
	return &proc{t: t, bin: evidockBinary(t, tags), data: t.TempDir(), tz: "Asia/Shanghai"}
}

// run runs evidock as user (password pw) and returns exit code, stdout, stderr.
func (p *proc) run(user, pw string, args ...string) (int, string, string) {
	p.t.Helper()
	full := []string{"--data", p.data}
	if user != "" {
		full = append(full, "--user", user)
	}
	cmd := exec.Command(p.bin, append(full, args...)...)
	cmd.Env = append(os.Environ(), "TZ="+p.tz, "LANG=zh_CN.UTF-8", "EVIDOCK_PASSWORD="+pw,
		"EVIDOCK_NEW_PASSWORD=initial password", "EVIDOCK_TEST_NOW="+p.now)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		p.t.Fatalf("run %v: %v", args, err)
	}
	return code, out.String(), errOut.String()
}

// ok runs and fails the test unless evidock exits 0.
func (p *proc) ok(user, pw string, args ...string) string {
	p.t.Helper()
	code, out, errOut := p.run(user, pw, args...)
	if code != 0 {
		p.t.Fatalf("evidock %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

// json runs a --json command and decodes its output into v.
func (p *proc) JSON(user, pw string, v any, args ...string) {
	p.t.Helper()
	out := p.ok(user, pw, args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		p.t.Fatalf("evidock %v: %v\n%s", args, err, out)
	}
}

// mp4Clip is a real MP4 of secs seconds whose mvhd creation time field
// says utcFields.
func mp4Clip(t *testing.T, utcFields time.Time, secs int) []byte {
	return cliptest.MP4(t, utcFields, secs)
}

// wavClip is a real WAV of one second without any date in it.
func wavClip(t *testing.T) []byte { return cliptest.WAV(t) }

// writeFile writes data under dir at the slash path rel, making folders.
func writeFile(t *testing.T, dir, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// onceAcrossZones skips a slow test that has nothing to do with time zones
// in make test's second run of the time-sensitive packages (China time).
func onceAcrossZones(t *testing.T) {
	t.Helper()
	if os.Getenv("EVIDOCK_TZ_RERUN") != "" {
		t.Skip("not about times: runs once, in the first (UTC) run")
	}
}

// watch starts `evidock watch` on the folder root, in p's zone, and returns
// its events; SIGTERM stops it when the test ends.
func (p *proc) watch(root string) <-chan dock.Event {
	p.t.Helper()
	cmd := exec.Command(p.bin, "--data", p.data, "watch", "--folder-roots", root, "--json")
	cmd.Env = append(os.Environ(), "TZ="+p.tz)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	events := make(chan dock.Event, 1024)
	go func() {
		defer close(events)
		lines := bufio.NewScanner(stdout)
		lines.Buffer(make([]byte, 1<<20), 1<<24)
		for lines.Scan() {
			var e dock.Event
			if json.Unmarshal(lines.Bytes(), &e) == nil {
				select {
				case events <- e:
				default: // nobody is reading: the test has what it needs
				}
			}
		}
	}()
	return events
}

// finished is the first finished (or failed) docking among events, failing
// the test after timeout.
func finished(t *testing.T, events <-chan dock.Event, timeout time.Duration) dock.Event {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatal("watch ended before a docking finished")
			}
			if e.Type == dock.Finished || e.Type == dock.Failed {
				return e
			}
		case <-deadline:
			t.Fatalf("no docking finished within %v", timeout)
		}
	}
}
