package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/archive"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

// TestRecoverPendingNeverInstalled: a process that died after committing an
// archive_pending row but before Install made the file's folder must not
// stop the data folder from opening again.
func TestRecoverPendingNeverInstalled(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "/media/cam"})
	if err != nil {
		t.Fatal(err)
	}
	sha := strings.Repeat("3d10", 16)
	if _, err := storetest.RawDB(t, st).Exec(`INSERT INTO archive_pending(sha256, import_id, path, created_at) VALUES (?,?,?,0)`,
		sha, run.ID, archive.RelPath(sha)); err != nil {
		t.Fatal(err)
	}
	tmp, err := run.CreateTemp()
	if err != nil {
		t.Fatal(err)
	}
	tmp.Close()
	if _, err := os.Stat(filepath.Dir(st.Archive().Path(sha))); !os.IsNotExist(err) {
		t.Fatalf("the content's folder should not exist yet: %v", err)
	}
	run.Abandon() // the process dies: the kernel drops its lock
	st.Close()

	st, err = store.Open(dir)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer st.Close()
	var status string
	var pending int
	st.DB().QueryRow(`SELECT status FROM imports WHERE id = ?`, run.ID).Scan(&status)
	st.DB().QueryRow(`SELECT count(*) FROM archive_pending`).Scan(&pending)
	if status != store.StatusInterrupted || pending != 0 {
		t.Errorf("status %q, %d pending rows; want interrupted, 0", status, pending)
	}
	if left, _ := os.ReadDir(filepath.Join(st.Archive().Root(), "tmp")); len(left) != 0 {
		t.Errorf("%d temp files left", len(left))
	}
}
