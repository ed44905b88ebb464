package ingest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"evidock/followups"
	"evidock/ingest"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

// openStore opens a store in dir (a fresh folder when dir is "").
func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// randomBytes returns n reproducible pseudo-random bytes.
func randomBytes(seed uint64, n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(seed >> 16), 7})
	r.Read(b)
	return b
}

// writeTree writes files (slash paths relative to root) and returns root.
func writeTree(t testing.TB, root string, files map[string][]byte) string {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

type hashes struct{ sha, sm string }

// hashOf computes both hashes independently of package digest.
func hashOf(b []byte) hashes {
	s := sha256.Sum256(b)
	h := sm3.New()
	h.Write(b)
	return hashes{hex.EncodeToString(s[:]), hex.EncodeToString(h.Sum(nil))}
}

// recordings lists every recording in the store.
func recordings(t testing.TB, st *store.Store) []records.Recording {
	t.Helper()
	recs, err := records.Recordings(context.Background(), st.Workstation(), records.RecordingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// checkArchive asserts that the archive holds exactly the distinct contents
// of want (source path → bytes), one recording each, every archived file
// read-only and matching both hashes computed here from the source bytes,
// and that no temp file is left.
func checkArchive(t testing.TB, st *store.Store, want map[string][]byte) {
	t.Helper()
	byHash := map[string][]string{} // sha256 → source paths with that content
	sums := map[string]hashes{}
	for p, data := range want {
		h := hashOf(data)
		byHash[h.sha] = append(byHash[h.sha], p)
		sums[h.sha] = h
	}
	recs := recordings(t, st)
	if len(recs) != len(byHash) {
		t.Errorf("%d recordings, want %d (one per distinct content)", len(recs), len(byHash))
	}
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.SHA256] {
			t.Errorf("content %s recorded twice", r.SHA256)
		}
		seen[r.SHA256] = true
		h, ok := sums[r.SHA256]
		if !ok {
			t.Errorf("recording %s (%s) has content that is not on the source", r.ID, r.SourcePath)
			continue
		}
		if r.SM3 != h.sm {
			t.Errorf("recording %s: SM3 %s, source has %s", r.SourcePath, r.SM3, h.sm)
		}
		if !contains(byHash[r.SHA256], r.SourcePath) {
			t.Errorf("recording source_path %q is none of %q", r.SourcePath, byHash[r.SHA256])
		}
		full := filepath.Join(st.Dir(), filepath.FromSlash(r.ArchivePath))
		data, err := os.ReadFile(full)
		if err != nil {
			t.Errorf("archived copy of %s: %v", r.SourcePath, err)
			continue
		}
		if got := hashOf(data); got != h {
			t.Errorf("archived copy of %s hashes to %v, want %v", r.SourcePath, got, h)
		}
		if int64(len(data)) != r.Size {
			t.Errorf("archived copy of %s has %d bytes, recorded %d", r.SourcePath, len(data), r.Size)
		}
		if fi, err := os.Stat(full); err == nil && fi.Mode().Perm()&0o222 != 0 {
			t.Errorf("archived copy of %s is writable: %v", r.SourcePath, fi.Mode())
		}
	}
	files := archiveFiles(t, st.Dir())
	for _, sha := range files {
		if !seen[sha] {
			t.Errorf("archive file %s has no recording", sha)
		}
	}
	if len(files) != len(recs) {
		t.Errorf("%d files in the archive, %d recordings", len(files), len(recs))
	}
	if left := tempFiles(t, st.Dir()); len(left) > 0 {
		t.Errorf("temp files left in the archive: %q", left)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// archiveFiles lists the names of the files under <data>/archive/sha256.
func archiveFiles(t testing.TB, data string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(data, "archive", "sha256"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tempFiles lists what is in <data>/archive/tmp.
func tempFiles(t testing.TB, data string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(data, "archive", "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func verifyOK(t testing.TB, st *store.Store, wantFiles int) {
	t.Helper()
	rep, err := safekeeping.Verify(context.Background(), st.Workstation(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || len(rep.Problems) > 0 {
		t.Errorf("verify found problems: %v", rep.Problems)
	}
	if rep.Files != int64(wantFiles) {
		t.Errorf("verify checked %d files, want %d", rep.Files, wantFiles)
	}
}

// countingFS counts the bytes read from regular files of an fs.FS.
type countingFS struct {
	fs.FS
	bytes atomic.Int64
	opens atomic.Int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		c.opens.Add(1)
		return &countingFile{File: f, c: c}, nil
	}
	return f, nil
}

type countingFile struct {
	fs.File
	c *countingFS
}

func (f *countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.c.bytes.Add(int64(n))
	return n, err
}

// progressLog collects Progress reports.
type progressLog struct {
	mu  sync.Mutex
	got []ingest.Progress
}

func (l *progressLog) add(p ingest.Progress) {
	l.mu.Lock()
	l.got = append(l.got, p)
	l.mu.Unlock()
}

// check asserts the reports were monotonic and ended at the totals.
func (l *progressLog) check(t testing.TB, files int, bytes int64) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.got) == 0 {
		t.Fatal("Progress was never called")
	}
	for i := 1; i < len(l.got); i++ {
		a, b := l.got[i-1], l.got[i]
		if b.BytesDone < a.BytesDone || b.FilesDone < a.FilesDone || b.Elapsed < a.Elapsed {
			t.Errorf("progress went backwards: %+v then %+v", a, b)
		}
	}
	last := l.got[len(l.got)-1]
	if last.FilesDone != files || last.FilesTotal != files || last.BytesDone != bytes || last.BytesTotal != bytes {
		t.Errorf("last progress %+v, want %d/%d files and %d/%d bytes", last, files, files, bytes, bytes)
	}
}

func TestImportTree(t *testing.T) {
	clip := randomBytes(1, 1<<20+12345) // more than one read chunk
	long := strings.Repeat("很长的文件夹名称_long folder name/", 6) + "执法记录_长路径.mp4"
	tests := []struct {
		path      string
		data      []byte
		recording bool // found and imported; else ignored
	}{
		{"DCIM/100MEDIA/张三_执法记录.mp4", randomBytes(2, 300_000), true},
		{"DCIM/100MEDIA/clip 0001.mp4", clip, true},
		{"DCIM/100MEDIA/copy of clip 0001.MP4", clip, true}, // same bytes, another name
		{"DCIM/100MEDIA/BIG.MOV", randomBytes(3, 3<<20+7), true},
		{"Record/2024/03/04/voice note 01.WAV", randomBytes(4, 50_000), true},
		{"Photo/IMG_0001.JPG", randomBytes(5, 20_000), true},
		{"Photo/IMG_0002.jpeg", randomBytes(6, 1), true},
		{long, randomBytes(7, 70_000), true},
		{"DCIM/100MEDIA/empty.mp4", nil, true},
		{"readme.txt", []byte("not a recording"), false},
		{"DCIM/100MEDIA/0001.THM", randomBytes(8, 100), false},
		{"DCIM/100MEDIA/._clip 0001.mp4", randomBytes(9, 4096), false},
		{"System Volume Information/IndexerVolumeGuid.mp4", randomBytes(10, 100), false},
		{"DCIM/100MEDIA/notes.MP4.bak", randomBytes(11, 100), false},
	}
	if len(long) <= 200 {
		t.Fatalf("long path is only %d bytes", len(long))
	}
	all := map[string][]byte{}
	want := map[string][]byte{}
	var total int64
	for _, tc := range tests {
		all[tc.path] = tc.data
		if tc.recording {
			want[tc.path] = tc.data
			total += int64(len(tc.data))
		}
	}
	// An empty file is recorded for its recorder and name, not archived:
	// every empty file has one hash, and it must not become a sighting of
	// another recorder's.
	archived := map[string][]byte{}
	for p, b := range want {
		if len(b) > 0 {
			archived[p] = b
		}
	}
	src := writeTree(t, t.TempDir(), all)
	st := openStore(t, "")
	ctx := context.Background()
	spec := records.ImportSpec{Source: src, DeviceID: "CAM-001", OfficerID: "010203"}

	var prog progressLog
	fsys := &countingFS{FS: os.DirFS(src)}
	res, err := ingest.Import(ctx, st.Workstation(), fsys, spec, ingest.Options{Progress: prog.add})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != store.StatusComplete || res.Reason != "" {
		t.Fatalf("status %s (%s): %s %v", res.Status, res.Reason, res.Message, res.Problems)
	}
	if res.Files != len(want) || res.New != len(archived)-1 || res.Duplicates != 1 || res.Failed != 0 || res.Skipped != 0 || res.Empty != 1 {
		t.Errorf("files/new/duplicates/skipped/failed/empty = %d/%d/%d/%d/%d/%d, want %d/%d/1/0/0/1",
			res.Files, res.New, res.Duplicates, res.Skipped, res.Failed, res.Empty, len(want), len(archived)-1)
	}
	if res.Bytes != total {
		t.Errorf("Bytes = %d, want %d", res.Bytes, total)
	}
	if got := fsys.bytes.Load(); got != total {
		t.Errorf("read %d bytes from the source, want each byte once: %d", got, total)
	}
	if len(res.Problems) != 1 || res.Problems[0].Path != "DCIM/100MEDIA/empty.mp4" || !strings.Contains(res.Problems[0].Err, "empty") {
		t.Errorf("problems = %+v, want one warning about the empty file", res.Problems)
	}
	if len(res.Recordings) != len(archived) {
		t.Errorf("Result lists %d recordings, want %d", len(res.Recordings), len(archived))
	}
	prog.check(t, len(want), total)
	checkArchive(t, st, archived)
	recs := recordings(t, st)
	byPath := map[string]records.Recording{}
	for _, r := range recs {
		byPath[r.SourcePath] = r
	}
	for _, p := range []string{"DCIM/100MEDIA/张三_执法记录.mp4", long, "Record/2024/03/04/voice note 01.WAV"} {
		r, ok := byPath[p]
		if !ok {
			t.Errorf("no recording with source path %q", p)
			continue
		}
		if r.OriginalName != path.Base(p) || r.DeviceID != "CAM-001" || r.OfficerID != "010203" || r.ImportID != res.ImportID {
			t.Errorf("recording of %q: %+v", p, r)
		}
	}
	if r := byPath["DCIM/100MEDIA/BIG.MOV"]; r.Kind != "video" {
		t.Errorf("BIG.MOV kind %q, want video", r.Kind)
	}
	if r := byPath["Photo/IMG_0001.JPG"]; r.Kind != "photo" {
		t.Errorf("IMG_0001.JPG kind %q, want photo", r.Kind)
	}
	before := archiveFiles(t, st.Dir())

	// Docking the same recorder again reads nothing and records nothing new.
	var prog2 progressLog
	fsys2 := &countingFS{FS: os.DirFS(src)}
	res2, err := ingest.Import(ctx, st.Workstation(), fsys2, spec, ingest.Options{Progress: prog2.add})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != store.StatusComplete || res2.Skipped != len(want) || res2.New != 0 || res2.Duplicates != 0 || res2.Bytes != 0 || res2.Failed != 0 || res2.Empty != 0 {
		t.Errorf("second import: %+v", res2.Summary)
	}
	if n := fsys2.opens.Load(); n != 0 {
		t.Errorf("second import opened %d files on the recorder, want none", n)
	}
	prog2.check(t, len(want), total)
	if after := archiveFiles(t, st.Dir()); len(after) != len(before) {
		t.Errorf("archive had %d files, has %d after the second import", len(before), len(after))
	}
	checkArchive(t, st, archived)
	verifyOK(t, st, len(archived)-1)
}

// TestImportDirErrors checks that a missing or non-folder source is refused
// before a run starts.
func TestImportDirErrors(t *testing.T) {
	st := openStore(t, "")
	dir := t.TempDir()
	file := filepath.Join(dir, "a.mp4")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, src := range []string{filepath.Join(dir, "missing"), file} {
		_, err := ingest.ImportDir(context.Background(), st.Workstation(), src, records.ImportSpec{}, ingest.Options{})
		if err == nil {
			t.Errorf("ImportDir(%s) = nil error", src)
		}
	}
	if n := len(recordings(t, st)); n != 0 {
		t.Errorf("%d recordings", n)
	}
}

// Two recorders' empty files are each recorded for their own recorder and
// name, and listed as open items; neither becomes a sighting of the other.
func TestEmptyFilesStayWithTheirRecorder(t *testing.T) {
	st := openStore(t, "")
	ctx := context.Background()
	for _, dev := range []string{"CAM-A", "CAM-B"} {
		src := writeTree(t, t.TempDir(), map[string][]byte{"DCIM/REC0001.MP4": nil, "DCIM/REC0002.MP4": randomBytes(uint64(dev[4]), 1000)})
		res, err := ingest.ImportDir(ctx, st.Workstation(), src, records.ImportSpec{DeviceID: dev, OfficerID: "1"}, ingest.Options{})
		if err != nil || res.Empty != 1 || res.Duplicates != 0 {
			t.Fatalf("%s: %+v %v", dev, res.Summary, err)
		}
	}
	items, err := followups.OpenItems(ctx, st.Workstation(), followups.OpenItemFilter{Kind: followups.ItemEmpty})
	if err != nil || len(items) != 2 || items[0].Device == items[1].Device {
		t.Fatalf("empty-file items %+v %v", items, err)
	}
	for _, it := range items {
		if it.Detail != "DCIM/REC0001.MP4" {
			t.Errorf("item %+v", it)
		}
	}
}
