package volume

import (
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestProberTimeoutAndInflight(t *testing.T) {
	release := make(chan struct{})
	var slowCalls atomic.Int32
	p := newProber(50 * time.Millisecond)
	dir := t.TempDir()
	p.stat = func(path string) (os.FileInfo, error) {
		switch filepath.Base(path) {
		case "slow":
			slowCalls.Add(1)
			<-release
		case "dead":
			return nil, &os.PathError{Op: "lstat", Path: path, Err: syscall.ENOTCONN}
		}
		return os.Lstat(dir)
	}
	paths := []string{"/v/ok", "/v/dead", "/v/slow"}
	start := time.Now()
	res := p.probe(paths)
	if d := time.Since(start); d > time.Second {
		t.Fatalf("probe took %v with a hung stat", d)
	}
	if res["/v/ok"].err != nil || res["/v/ok"].fi == nil {
		t.Errorf("ok: %+v", res["/v/ok"])
	}
	if !errors.Is(res["/v/dead"].err, syscall.ENOTCONN) {
		t.Errorf("dead: %v, want ENOTCONN", res["/v/dead"].err)
	}
	if !errors.Is(res["/v/slow"].err, errProbeTimeout) {
		t.Errorf("slow: %v, want timeout", res["/v/slow"].err)
	}
	// Still hung: not stat'ed again.
	res = p.probe(paths)
	if !errors.Is(res["/v/slow"].err, errProbeTimeout) || slowCalls.Load() != 1 {
		t.Errorf("second probe: %v after %d calls", res["/v/slow"].err, slowCalls.Load())
	}
	close(release)
	deadline := time.Now().Add(2 * time.Second)
	for {
		res = p.probe(paths)
		if res["/v/slow"].err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slow path never recovered: %v", res["/v/slow"].err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A folder whose root does not answer keeps its state; one that answers
// ENOTCONN (a dead FUSE mount) is gone.
func TestScanUsesProbe(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"A", "B"} {
		if err := os.Mkdir(filepath.Join(root, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := New([]Root{{Path: root, FolderMode: true}}, WithProbeTimeout(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(root, "A"), filepath.Join(root, "B")
	mode := "ok"
	hang := make(chan struct{})
	defer close(hang)
	w.prober.stat = func(p string) (os.FileInfo, error) {
		if p == b {
			switch mode {
			case "dead":
				return nil, &os.PathError{Op: "lstat", Path: p, Err: syscall.ENOTCONN}
			case "hung":
				<-hang
			}
		}
		return os.Lstat(p)
	}
	s1 := w.scan(nil)
	if len(s1) != 2 {
		t.Fatalf("scan = %v, want A and B", s1)
	}
	mode = "hung"
	s2 := w.scan(s1)
	if _, ok := s2[b]; !ok || len(s2) != 2 {
		t.Fatalf("hung B should keep its state: %v", s2)
	}
	w.prober = newProber(50 * time.Millisecond) // forget the hung stat
	w.prober.stat = func(p string) (os.FileInfo, error) {
		if p == b {
			return nil, &os.PathError{Op: "lstat", Path: p, Err: syscall.ENOTCONN}
		}
		return os.Lstat(p)
	}
	s3 := w.scan(s2)
	if _, ok := s3[b]; ok {
		t.Fatalf("dead B still present: %v", s3)
	}
	if _, ok := s3[a]; !ok {
		t.Fatalf("A lost: %v", s3)
	}
	if evs := diff(s2, s3, time.Now()); len(evs) != 1 || evs[0].Kind != Gone || evs[0].Path != b {
		t.Fatalf("events %v, want B gone", evs)
	}
}

func TestNewOptions(t *testing.T) {
	if _, err := New([]Root{{Path: ""}}); err == nil {
		t.Error("empty root path accepted")
	}
	if _, err := New(nil, WithPollInterval(0)); err == nil {
		t.Error("zero poll interval accepted")
	}
	if _, err := New(nil, WithProbeTimeout(-1)); err == nil {
		t.Error("negative probe timeout accepted")
	}
	w, err := New([]Root{{Path: "rel"}, {Path: "rel/"}}, WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.roots) != 1 || !filepath.IsAbs(w.roots[0].Path) {
		t.Errorf("roots = %v, want one absolute root", w.roots)
	}
}
