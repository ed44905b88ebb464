package safekeeping_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/ledger/checkpoint"
	"evidock/safekeeping"
	"evidock/store"
)

func logN(t *testing.T, st *store.Store, n int, what string) {
	t.Helper()
	for i := range n {
		if _, err := st.Workstation().Log(context.Background(), "test."+what, "", map[string]int{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCheckpointRollbackAndFork: a checkpoint taken now is contained in
// the ledger as it grows; a copy of the data folder made earlier (a
// rollback) and a copy that went on with other entries (a fork) are found,
// each under its own word.
func TestCheckpointRollbackAndFork(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	logN(t, st, 5, "a")
	st.Close()
	early := filepath.Join(t.TempDir(), "early")
	storetest.CopyFolder(t, dir, early) // the copy a rollback would bring back

	forked := filepath.Join(t.TempDir(), "forked")
	storetest.CopyFolder(t, dir, forked) // the same start, to go on with other entries

	st, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	logN(t, st, 4, "b")
	msg, cp, err := safekeeping.Checkpoint(ctx, st.Workstation(), "test")
	if err != nil {
		t.Fatal(err)
	}
	if cp.Origin != st.Keys().Origin || cp.Size != 1+5+4 {
		t.Fatalf("checkpoint %+v", cp)
	}
	logN(t, st, 3, "c")
	res, err := safekeeping.VerifyCheckpoints(ctx, st.Workstation(), []string{"now"}, [][]byte{msg})
	if err != nil || len(res) != 1 || res[0].Problem != "" {
		t.Fatalf("the ledger that signed it: %+v %v", res, err)
	}

	for _, tc := range []struct {
		dir, problem, word string
		grow               int
	}{
		{early, "rollback", "回滚", 0},
		{early, "rollback", "回滚", 2}, // grown, but still short of the checkpoint
		{forked, "fork", "分叉", 4},    // the same keys, other entries up to the checkpoint's size
		{forked, "fork", "分叉", 5},    // and past it
	} {
		other, err := store.Open(tc.dir)
		if err != nil {
			t.Fatal(err)
		}
		logN(t, other, tc.grow, "grow")
		res, err := safekeeping.VerifyCheckpoints(ctx, other.Workstation(), []string{"cp"}, [][]byte{msg})
		other.Close()
		if err != nil || res[0].Problem != tc.problem || !strings.Contains(res[0].Message, tc.word) {
			t.Errorf("%s: %+v %v, want %s (%s)", filepath.Base(tc.dir), res, err, tc.problem, tc.word)
		}
	}

	// A checkpoint of another workstation does not verify here.
	otherDir := filepath.Join(t.TempDir(), "other")
	o, err := store.Open(otherDir)
	if err != nil {
		t.Fatal(err)
	}
	foreign, _, _ := safekeeping.Checkpoint(ctx, o.Workstation(), "x")
	o.Close()
	if _, err := st.CheckCheckpoint(ctx, foreign); !errors.Is(err, checkpoint.ErrSignature) {
		t.Errorf("another workstation's checkpoint: %v", err)
	}
	es, _ := st.QueryLedger(ctx, ledger.Filter{ActionPrefix: "checkpoint"})
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "checkpoint.keys checkpoint checkpoint.verify" {
		t.Errorf("ledger entries %v", actions)
	}
}

// TestBackupCarriesKeysAndCheckpoint: a backup holds the keys and a signed
// checkpoint of its ledger; a restore keeps the keys, and a backup whose
// ledger was swapped for an older one does not restore.
func TestBackupCarriesKeysAndCheckpoint(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	logN(t, st, 3, "a")
	bk := filepath.Join(t.TempDir(), "backup")
	if rep, err := safekeeping.Backup(ctx, st.Workstation(), bk, safekeeping.BackupOptions{}); err != nil || !rep.OK {
		t.Fatalf("backup: %+v %v", rep, err)
	}
	msg, err := os.ReadFile(filepath.Join(bk, store.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CheckCheckpoint(ctx, msg); err != nil {
		t.Fatalf("the backup's checkpoint against the ledger: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(bk, store.KeysDir, checkpoint.Ed25519KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the backup's private key: %v %v", fi, err)
	}
	old := filepath.Join(t.TempDir(), "old.db")
	copyOne(t, filepath.Join(bk, store.DBName), old)
	logN(t, st, 3, "b")
	if rep, err := safekeeping.Backup(ctx, st.Workstation(), bk, safekeeping.BackupOptions{}); err != nil || !rep.OK {
		t.Fatalf("backup: %+v %v", rep, err)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	if _, err := safekeeping.Restore(ctx, bk, restored); err != nil {
		t.Fatalf("restore: %v", err)
	}
	r, err := store.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	if r.Keys().Origin != st.Keys().Origin || r.Keys().SM2Verifier != st.Keys().SM2Verifier {
		t.Errorf("the restored folder has other keys")
	}
	r.Close()

	// The backup's ledger swapped for the older copy, manifest to match.
	os.Chmod(filepath.Join(bk, store.DBName), 0o644)
	copyOne(t, old, filepath.Join(bk, store.DBName))
	db, err := sql.Open("sqlite", "file:"+filepath.Join(bk, store.DBName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	h, err := ledger.Head(ctx, db)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := safekeeping.ReadManifest(bk)
	m2.HeadSize, m2.HeadRoot = h.Size, hex.EncodeToString(h.Root[:])
	if err := safekeeping.WriteManifest(bk, m2); err != nil {
		t.Fatal(err)
	}
	_, err = safekeeping.Restore(ctx, bk, filepath.Join(t.TempDir(), "again"))
	if !errors.Is(err, checkpoint.ErrRollback) || !strings.Contains(err.Error(), "回滚") {
		t.Errorf("restore of a rolled-back backup: %v", err)
	}

	// Without its checkpoint the backup is refused; a backup made before
	// backups carried keys and checkpoints (neither there) restores.
	os.Remove(filepath.Join(bk, store.CheckpointFile))
	if _, err := safekeeping.Restore(ctx, bk, filepath.Join(t.TempDir(), "nocp")); err == nil {
		t.Error("a backup whose checkpoint was removed restored")
	}
	os.RemoveAll(filepath.Join(bk, store.KeysDir))
	if _, err := safekeeping.Restore(ctx, bk, filepath.Join(t.TempDir(), "legacy")); err != nil {
		t.Errorf("a backup from before checkpoints: %v", err)
	}
}

func copyOne(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(to)
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
