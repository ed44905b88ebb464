package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"evidock/ingest/dock"

	"github.com/emmansun/gmsm/sm3"
	_ "modernc.org/sqlite"
)

// TestCrashDuringImport runs the real binary, SIGKILLs it at moments spread
// over an import, and checks after each restart that nothing claims to be
// archived that is not, nothing sits in the archive unaccounted for, no temp
// file is left, and the re-run finishes the job without duplicates.
func TestCrashDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real binary and kills it 20 times; skipped under -short")
	}
	bin := buildEvidock(t)
	src, content := crashSource(t)
	distinct := map[string][]string{} // sha256 → source paths
	sums := map[string]string{}       // sha256 → sm3
	for p, b := range content {
		sha, sm := crashHashes(b)
		distinct[sha] = append(distinct[sha], p)
		sums[sha] = sm
	}
	if len(distinct) == len(content) {
		t.Fatal("the source tree should hold duplicates")
	}

	// How long one import takes here, start to exit: the quicker of two
	// runs, so that kills land inside the run on a busy machine too.
	typical := time.Hour
	for range 2 {
		start := time.Now()
		runImport(t, bin, t.TempDir(), src)
		typical = min(typical, time.Since(start))
	}
	t.Logf("one import of %d files (%d distinct) takes %v", len(content), len(distinct), typical)

	const cycles = 20
	killedMidway := 0
	for i := range cycles {
		data := t.TempDir()
		at := typical * time.Duration(2*i+1) / (2 * cycles)
		cmd := exec.Command(bin, "--data", data, "import", "--device", "CAM-CRASH", "--officer", "007", "--json", src)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Even cycles kill at moments spread over a typical run; odd ones as
		// soon as the archive holds a given number of files, spread over the
		// set, since files land in bursts once the largest are copied.
		trigger, stopWatch := time.After(at), make(chan struct{})
		how := fmt.Sprintf("after %v", at.Round(time.Millisecond))
		if i%2 == 1 {
			n := 1 + (i/2)*(len(distinct)-2)/(cycles/2-1)
			trigger, how = whenArchived(data, n, stopWatch), fmt.Sprintf("at %d archived", n)
		}
		killed := false
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("cycle %d: import failed before it was killed: %v\n%s", i, err, out.String())
			}
		case <-trigger:
			cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
			<-exited
			killed = true
		}
		close(stopWatch)
		left := len(crashArchiveFiles(t, data))
		if killed && left > 0 && left < len(distinct) {
			killedMidway++
		}
		t.Logf("cycle %d: killed=%v %s, %d of %d contents in the archive", i, killed, how, left, len(distinct))

		res := runImport(t, bin, data, src)
		if res.Status != "complete" || res.Failed != 0 {
			t.Fatalf("cycle %d: re-run %s: %s %v", i, res.Status, res.Message, res.Problems)
		}
		checkCrashData(t, i, data, content, distinct, sums)
		verify := exec.Command(bin, "--data", data, "verify")
		if vout, err := verify.CombinedOutput(); err != nil {
			t.Fatalf("cycle %d: evidock verify: %v\n%s", i, err, vout)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	if killedMidway < cycles/4 {
		t.Errorf("only %d of %d kills landed while files were being archived; the test did not exercise crashes", killedMidway, cycles)
	}
}

// buildEvidock builds the binary into a temp folder. The first build links
// Fyne with cgo and takes minutes; later ones come from the build cache.
func buildEvidock(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH; cannot build the binary")
	}
	bin := filepath.Join(t.TempDir(), "evidock")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashSource writes ~40 recordings of 10 KB to 8 MB, some of them the same
// bytes under another name.
func crashSource(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	root := t.TempDir()
	sizes := []int{8 << 20, 8 << 20, 6 << 20, 4 << 20, 4 << 20, 3 << 20, 2 << 20, 2 << 20}
	for range 10 {
		sizes = append(sizes, 1<<20)
	}
	for i := range 14 {
		sizes = append(sizes, 10_000+i*17_000)
	}
	content := map[string][]byte{}
	var order []string
	for i, n := range sizes {
		b := make([]byte, n)
		rand.NewChaCha8([32]byte{byte(i), 42}).Read(b)
		name := fmt.Sprintf("DCIM/%03dMEDIA/执法_%04d.MP4", 100+i%3, i)
		if i%5 == 4 {
			name = fmt.Sprintf("Photo/IMG %04d.JPG", i)
		}
		content[name] = b
		order = append(order, name)
	}
	for _, i := range []int{1, 9, 20, 30} { // duplicates, one of them 8 MB
		content[fmt.Sprintf("DCIM/COPY/copy of %04d.mp4", i)] = content[order[i]]
	}
	for p, b := range content {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, content
}

func crashHashes(b []byte) (string, string) {
	s := sha256.Sum256(b)
	h := sm3.New()
	h.Write(b)
	return hex.EncodeToString(s[:]), hex.EncodeToString(h.Sum(nil))
}

// runImport runs an import to its end and returns its JSON result.
func runImport(t *testing.T, bin, data, src string) dock.Result {
	t.Helper()
	cmd := exec.Command(bin, "--data", data, "import", "--device", "CAM-CRASH", "--officer", "007", "--json", src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var res dock.Result
	if jerr := json.Unmarshal(out, &res); jerr != nil {
		t.Fatalf("import: %v (%v)\n%s\n%s", jerr, err, out, stderr.String())
	}
	if err != nil && res.Status == "complete" {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	return res
}

// crashArchiveFiles lists the files under <data>/archive/sha256.
// whenArchived fires once the archive under data holds at least n files,
// polling until stop is closed.
func whenArchived(data string, n int, stop <-chan struct{}) <-chan time.Time {
	fire := make(chan time.Time, 1)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-tick.C:
				count := 0
				filepath.WalkDir(filepath.Join(data, "archive", "sha256"), func(p string, d fs.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						count++
					}
					return nil
				})
				if count >= n {
					fire <- now
					return
				}
			}
		}
	}()
	return fire
}

func crashArchiveFiles(t *testing.T, data string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(data, "archive", "sha256"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// checkCrashData reads the ledger file directly and checks it against the
// archive and the source.
func checkCrashData(t *testing.T, cycle int, data string, content map[string][]byte, distinct map[string][]string, sums map[string]string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "ledger.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("cycle %d: "+format, append([]any{cycle}, args...)...)
	}

	rows, err := db.Query(`SELECT sha256, sm3, size, source_path, archive_path FROM recordings`)
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]bool{}
	for rows.Next() {
		var sha, sm, srcPath, rel string
		var size int64
		if err := rows.Scan(&sha, &sm, &size, &srcPath, &rel); err != nil {
			t.Fatal(err)
		}
		if recorded[sha] {
			fail("content %s recorded twice", sha)
		}
		recorded[sha] = true
		paths, ok := distinct[sha]
		if !ok {
			fail("recording %s (%s) is no content of the source", sha, srcPath)
			continue
		}
		found := false
		for _, p := range paths {
			found = found || p == srcPath
		}
		if !found || sm != sums[sha] || size != int64(len(content[paths[0]])) {
			fail("recording %s: source_path %q sm3 %s size %d; source has %q", sha, srcPath, sm, size, paths)
		}
		b, err := os.ReadFile(filepath.Join(data, filepath.FromSlash(rel)))
		if err != nil {
			fail("recording %s claims to be archived: %v", srcPath, err)
			continue
		}
		if gotSHA, gotSM := crashHashes(b); gotSHA != sha || gotSM != sm {
			fail("archived copy of %s hashes to %s / %s", srcPath, gotSHA, gotSM)
		}
	}
	rows.Close()
	if len(recorded) != len(distinct) {
		fail("%d recordings, want %d (one per distinct content)", len(recorded), len(distinct))
	}
	for _, p := range crashArchiveFiles(t, data) {
		if !recorded[filepath.Base(p)] {
			fail("%s is in the archive without a recording", p)
		}
	}
	if tmp, _ := os.ReadDir(filepath.Join(data, "archive", "tmp")); len(tmp) > 0 {
		fail("%d temp files left in the archive", len(tmp))
	}
	var pending, running int
	db.QueryRow(`SELECT count(*) FROM archive_pending`).Scan(&pending)
	db.QueryRow(`SELECT count(*) FROM imports WHERE status = 'running'`).Scan(&running)
	if pending != 0 || running != 0 {
		fail("%d archive files pending, %d imports still running", pending, running)
	}
	// Every source file was imported exactly once: one sighting each.
	seen := map[string]int{}
	srows, err := db.Query(`SELECT source_path, count(*) FROM sightings WHERE device_id = 'CAM-CRASH' GROUP BY source_path`)
	if err != nil {
		t.Fatal(err)
	}
	for srows.Next() {
		var p string
		var n int
		srows.Scan(&p, &n)
		seen[p] = n
	}
	srows.Close()
	for p := range content {
		if seen[p] != 1 {
			fail("%s was imported %d times", p, seen[p])
		}
	}
	if len(seen) != len(content) {
		fail("%d source paths sighted, the source has %d", len(seen), len(content))
	}
}
