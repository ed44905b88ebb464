package ingest_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"evidock/ingest"
	"evidock/internal/mounttest"
	"evidock/records"
	"evidock/store"
)

// failingFS is a volume whose file bad returns EIO once failAfter of its
// bytes have been read, like a recorder with a bad sector.
type failingFS struct {
	fs.FS
	bad       string
	failAfter int64
}

func (f failingFS) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil || name != f.bad {
		return file, err
	}
	return &failingFile{File: file, left: f.failAfter}, nil
}

type failingFile struct {
	fs.File
	left int64
}

func (f *failingFile) Read(p []byte) (int, error) {
	if f.left <= 0 {
		return 0, &fs.PathError{Op: "read", Path: "bad", Err: syscall.EIO}
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.File.Read(p)
	f.left -= int64(n)
	return n, err
}

// shiftTree is a small recorder's worth of files of the given sizes.
func shiftTree(seed uint64, sizes ...int) map[string][]byte {
	files := map[string][]byte{}
	for i, n := range sizes {
		files[fmt.Sprintf("DCIM/100MEDIA/REC_%04d.MP4", i)] = randomBytes(seed+uint64(i), n)
	}
	return files
}

func TestImportReadErrorMidFile(t *testing.T) {
	files := shiftTree(100, 3<<20, 2<<20+5, 900_000, 400_000, 100_000)
	bad := "DCIM/100MEDIA/REC_0001.MP4" // 2 MiB: fails in its second read chunk
	src := writeTree(t, t.TempDir(), files)
	st := openStore(t, "")
	ctx := context.Background()
	spec := records.ImportSpec{Source: src, DeviceID: "CAM-EIO", OfficerID: "1"}

	res, err := ingest.Import(ctx, st.Workstation(), failingFS{os.DirFS(src), bad, 1<<20 + 4096}, spec, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != store.StatusInterrupted || res.Reason != ingest.ReasonFileErrors {
		t.Errorf("status %s reason %q, want interrupted/%s", res.Status, res.Reason, ingest.ReasonFileErrors)
	}
	if res.Failed != 1 || res.New != len(files)-1 || res.Duplicates != 0 {
		t.Errorf("failed/new/duplicates = %d/%d/%d, want 1/%d/0", res.Failed, res.New, res.Duplicates, len(files)-1)
	}
	if len(res.Problems) != 1 || res.Problems[0].Path != bad ||
		!strings.Contains(res.Problems[0].Err, "input/output error") || !strings.Contains(res.Problems[0].Err, "reading failed after") {
		t.Errorf("problems = %+v, want %s with why it failed", res.Problems, bad)
	}
	if !strings.Contains(res.Message, "could not be imported") {
		t.Errorf("message %q does not say files could not be imported", res.Message)
	}
	good := map[string][]byte{}
	for p, b := range files {
		if p != bad {
			good[p] = b
		}
	}
	checkArchive(t, st, good) // nothing of bad, everything else, no temp files
	full := hashOf(files[bad])
	partial := hashOf(files[bad][:1<<20+4096])
	for _, sha := range archiveFiles(t, st.Dir()) {
		if sha == full.sha || sha == partial.sha {
			t.Errorf("the unreadable file is in the archive as %s", sha)
		}
	}
	verifyOK(t, st, len(good))

	// Docked again, healthy: only the failed file is read.
	fsys := &countingFS{FS: os.DirFS(src)}
	res2, err := ingest.Import(ctx, st.Workstation(), fsys, spec, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != store.StatusComplete || res2.New != 1 || res2.Skipped != len(files)-1 || res2.Duplicates != 0 {
		t.Errorf("second import: %+v", res2.Summary)
	}
	if got := fsys.bytes.Load(); got != int64(len(files[bad])) {
		t.Errorf("second import read %d bytes, want only the failed file's %d", got, len(files[bad]))
	}
	checkArchive(t, st, files)
	verifyOK(t, st, len(files))
}

// vanishingFS is a volume that disappears once gone is set: every open,
// read and folder listing fails from then on.
type vanishingFS struct {
	fs.FS
	read      atomic.Int64
	goneAfter int64
	gone      atomic.Bool
	opensGone atomic.Int64
}

func (v *vanishingFS) Open(name string) (fs.File, error) {
	if v.gone.Load() {
		v.opensGone.Add(1)
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ENODEV}
	}
	f, err := v.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &vanishingFile{File: f, v: v}, nil
}

type vanishingFile struct {
	fs.File
	v *vanishingFS
}

func (f *vanishingFile) Read(p []byte) (int, error) {
	if f.v.gone.Load() {
		return 0, syscall.EIO
	}
	n, err := f.File.Read(p)
	if f.v.read.Add(int64(n)) >= f.v.goneAfter {
		f.v.gone.Store(true)
	}
	return n, err
}

func (f *vanishingFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if f.v.gone.Load() {
		return nil, syscall.EIO
	}
	return f.File.(fs.ReadDirFile).ReadDir(n)
}

func TestImportSourceGone(t *testing.T) {
	files := shiftTree(200, 3<<20, 3<<20, 2<<20, 2<<20, 1<<20, 1<<20, 500_000, 500_000, 1000, 1000)
	src := writeTree(t, t.TempDir(), files)
	st := openStore(t, "")
	ctx := context.Background()
	spec := records.ImportSpec{Source: src, DeviceID: "CAM-GONE", OfficerID: "1"}
	const workers = 2
	v := &vanishingFS{FS: os.DirFS(src), goneAfter: 4 << 20}
	res, err := ingest.Import(ctx, st.Workstation(), v, spec, ingest.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != store.StatusInterrupted || res.Reason != ingest.ReasonSourceGone {
		t.Fatalf("status %s reason %q (%s), want interrupted/%s", res.Status, res.Reason, res.Message, ingest.ReasonSourceGone)
	}
	if !strings.Contains(res.Message, "disappeared") {
		t.Errorf("message %q does not say the recorder disappeared", res.Message)
	}
	if res.New+res.Failed >= len(files) || res.Failed == 0 || res.Failed > workers {
		t.Errorf("new %d, failed %d of %d: the run should stop at the files in flight when the recorder goes", res.New, res.Failed, len(files))
	}
	// Only files in flight (and the check that the volume is gone) touch it afterwards.
	if n := v.opensGone.Load(); n > 2*workers {
		t.Errorf("%d opens after the recorder disappeared; the run did not stop", n)
	}
	imported := checkPartial(t, st, res, files)

	res2, err := ingest.Import(ctx, st.Workstation(), os.DirFS(src), spec, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != store.StatusComplete || res2.Skipped != len(imported) || res2.New != len(files)-len(imported) || res2.Duplicates != 0 {
		t.Errorf("second import: %+v", res2.Summary)
	}
	checkArchive(t, st, files)
	verifyOK(t, st, len(files))
}

// TestImportDiskFull fills a real (tmpfs) archive disk mid-import.
func TestImportDiskFull(t *testing.T) {
	mounttest.RequireRoot(t)
	data := t.TempDir()
	archiveDir := filepath.Join(data, "archive")
	mounttest.Tmpfs(t, archiveDir, "8m") // the ledger stays on the normal disk
	files := shiftTree(300, 3<<20, 3<<20, 3<<20, 2<<20, 2<<20, 1<<20, 1<<20, 300_000, 200_000, 100_000)
	src := writeTree(t, t.TempDir(), files)
	st := openStore(t, data)
	ctx := context.Background()
	spec := records.ImportSpec{Source: src, DeviceID: "CAM-FULL", OfficerID: "1"}

	// One file at a time, so the disk fills part-way through the set, not
	// while several of the largest files are still all being written.
	res, err := ingest.ImportDir(ctx, st.Workstation(), src, spec, ingest.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != store.StatusFailed || res.Reason != ingest.ReasonDiskFull {
		t.Fatalf("status %s reason %q, want failed/%s; message %q, problems %+v", res.Status, res.Reason, ingest.ReasonDiskFull, res.Message, res.Problems)
	}
	if !strings.Contains(res.Message, "disk is full") || !strings.Contains(res.Message, "nothing is half-recorded") {
		t.Errorf("message %q", res.Message)
	}
	if res.New == 0 || res.New >= len(files) {
		t.Errorf("%d of %d new before the disk filled; the test needs some but not all", res.New, len(files))
	}
	imported := checkPartial(t, st, res, files)

	// Room is made; the same recorder docked again finishes the job.
	if out, err := exec.Command("mount", "-o", "remount,size=64m", archiveDir).CombinedOutput(); err != nil {
		t.Fatalf("remount: %v: %s", err, out)
	}
	res2, err := ingest.ImportDir(ctx, st.Workstation(), src, spec, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != store.StatusComplete || res2.Skipped != len(imported) || res2.New != len(files)-len(imported) || res2.Duplicates != 0 {
		t.Errorf("after making room: %+v", res2.Summary)
	}
	checkArchive(t, st, files)
	verifyOK(t, st, len(files))
}

// TestImportRecorderPulledOut kills the fusefat daemon of a real FAT volume
// mid-import, as when the recorder's cable is pulled.
func TestImportRecorderPulledOut(t *testing.T) {
	mounttest.RequireRoot(t)
	img := mounttest.FATImage(t, 80, "REC01")
	files := map[string][]byte{}
	mtime := time.Date(2025, 6, 1, 8, 30, 0, 0, time.Local)
	for i, n := range []int{8 << 20, 8 << 20, 6 << 20, 6 << 20, 4 << 20, 4 << 20, 2 << 20, 1 << 20} {
		name := fmt.Sprintf("DCIM/100MEDIA/执法_%04d.MP4", i)
		files[name] = randomBytes(400+uint64(i), n)
		mounttest.FATPut(t, img, name, files[name], mtime.Add(time.Duration(i)*time.Minute))
	}
	var total int64
	for _, b := range files {
		total += int64(len(b))
	}
	mnt := filepath.Join(t.TempDir(), "mnt")
	m := mounttest.MountFAT(t, img, mnt)
	st := openStore(t, "")
	ctx := context.Background()
	spec := records.ImportSpec{Source: mnt, DeviceID: "CAM-FAT", OfficerID: "1"}

	var killedAt atomic.Int64
	res, err := ingest.ImportDir(ctx, st.Workstation(), mnt, spec, ingest.Options{
		Progress: func(p ingest.Progress) {
			if p.BytesDone > 0 && killedAt.Load() == 0 {
				killedAt.Store(p.BytesDone)
				m.Kill()
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if killedAt.Load() == 0 || killedAt.Load() >= total {
		t.Fatalf("fusefat was not killed mid-import (at %d of %d bytes)", killedAt.Load(), total)
	}
	if res.Status != store.StatusInterrupted || res.Reason != ingest.ReasonSourceGone || !strings.Contains(res.Message, "disappeared") {
		t.Fatalf("status %s reason %q message %q, problems %+v", res.Status, res.Reason, res.Message, res.Problems)
	}
	if res.New >= len(files) {
		t.Errorf("all %d files imported although the recorder was pulled out", res.New)
	}
	imported := checkPartial(t, st, res, files)
	if err := m.Unmount(); err != nil {
		t.Fatal(err)
	}

	// Plugged back in.
	mounttest.MountFAT(t, img, mnt)
	res2, err := ingest.ImportDir(ctx, st.Workstation(), mnt, spec, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != store.StatusComplete || res2.Skipped != len(imported) || res2.New != len(files)-len(imported) || res2.Duplicates != 0 || res2.Failed != 0 {
		t.Errorf("after re-docking: %+v", res2.Summary)
	}
	checkArchive(t, st, files)
	verifyOK(t, st, len(files))
	// Each file was imported exactly once: one sighting per source path.
	count := map[string]int{}
	for _, r := range recordings(t, st) {
		count[r.SourcePath]++
	}
	for p := range files {
		if count[p] != 1 {
			t.Errorf("%s recorded %d times", p, count[p])
		}
	}
}

// Cancelling an import (Ctrl-C, the window closing) stops it within a
// read or two, even mid-way through a large file: the run ends interrupted
// and cancelled, what was committed is intact, nothing is blamed on a file,
// no temp file is left, and the next import finishes the job.
func TestImportCancelled(t *testing.T) {
	files := shiftTree(300, 24<<20, 24<<20, 24<<20, 24<<20, 1<<20, 1<<20)
	src := writeTree(t, t.TempDir(), files)
	st := openStore(t, "")
	spec := records.ImportSpec{Source: src, DeviceID: "CAM-STOP", OfficerID: "1"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := ingest.Import(ctx, st.Workstation(), os.DirFS(src), spec, ingest.Options{Workers: 2,
		Progress: func(p ingest.Progress) {
			if p.BytesDone > 8<<20 {
				cancel()
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != store.StatusInterrupted || res.Reason != ingest.ReasonCancelled {
		t.Fatalf("status %s reason %q (%s), want interrupted/%s", res.Status, res.Reason, res.Message, ingest.ReasonCancelled)
	}
	if res.Failed != 0 || len(res.Problems) != 0 {
		t.Errorf("%d files failed %v; a cancelled run blames none", res.Failed, res.Problems)
	}
	if res.New == len(files) {
		t.Errorf("all %d files imported; the cancel did not stop the run", res.New)
	}
	temps, _ := filepath.Glob(filepath.Join(st.Dir(), "archive", "tmp", "*"))
	if len(temps) != 0 {
		t.Errorf("temp files left: %v", temps)
	}
	imported := checkPartial(t, st, res, files)

	res2, err := ingest.Import(context.Background(), st.Workstation(), os.DirFS(src), spec, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != store.StatusComplete || res2.New != len(files)-len(imported) {
		t.Errorf("second import: %+v", res2.Summary)
	}
	checkArchive(t, st, files)
}

// checkPartial checks the archive of a run that stopped part-way: what it
// reports imported is archived intact and verifies. It returns those files.
func checkPartial(t *testing.T, st *store.Store, res ingest.Result, files map[string][]byte) map[string][]byte {
	t.Helper()
	imported := map[string][]byte{}
	for _, r := range res.Recordings {
		imported[r.File.Path] = files[r.File.Path]
	}
	checkArchive(t, st, imported)
	verifyOK(t, st, len(imported))
	return imported
}
