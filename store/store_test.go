package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"evidock/digest"
	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

func TestLedgerRefusesRewrites(t *testing.T) {
	st := storetest.Open(t)
	if _, err := st.Workstation().Log(context.Background(), "test", "s", map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	db := storetest.RawDB(t, st)
	for _, q := range []string{
		`UPDATE ledger SET actor = 'someone else' WHERE seq = 0`,
		`DELETE FROM ledger WHERE seq = 0`,
		`INSERT OR REPLACE INTO ledger(seq, time, actor, action) VALUES (0, 'x', 'x', 'x')`,
		`REPLACE INTO ledger(seq, time, actor, action) VALUES (0, 'x', 'x', 'x')`,
		`INSERT INTO ledger(seq, time, actor, action) VALUES (0, 'x', 'x', 'x') ON CONFLICT(seq) DO UPDATE SET actor = 'x'`,
		`UPDATE ledger_hashes SET hash = x'00'`,
		`DELETE FROM ledger_hashes`,
		`DELETE FROM tree_heads`,
		`UPDATE tree_heads SET root = x'00'`,
		`INSERT OR REPLACE INTO tree_heads(size, root, time) VALUES (1, x'00', 'x')`,
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want the append-only refusal", q, err)
		}
	}
	var actor string
	db.QueryRow(`SELECT actor FROM ledger WHERE seq = 0`).Scan(&actor)
	if actor != "workstation" {
		t.Fatalf("entry 0 actor = %q after refused rewrites", actor)
	}
}

// The stored tree heads must be the RFC 6962 roots of the leaves, and proofs
// Must check against them with tlog's own verifier.
func TestTreeHeadsAndProofs(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	var leaves [][]byte
	for i := range 36 { // a new data folder's first entry: its checkpoint keys
		if i == 0 {
			if es, _ := st.QueryLedger(ctx, ledger.Filter{}); len(es) != 1 || es[0].Action != "checkpoint.keys" {
				t.Fatalf("a new data folder's ledger: %v", es)
			}
		}
		if _, err := st.Workstation().Log(ctx, "test.entry", "", map[string]int{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := st.QueryLedger(ctx, ledger.Filter{})
	if err != nil || len(entries) != 37 {
		t.Fatalf("entries %d, %v", len(entries), err)
	}
	for _, e := range entries {
		leaves = append(leaves, e.Leaf())
	}
	// An independent tree, in memory, from the leaves alone.
	var mem []tlog.Hash
	r := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = mem[x]
		}
		return out, nil
	})
	for n, leaf := range leaves {
		hs, err := tlog.StoredHashes(int64(n), leaf, r)
		if err != nil {
			t.Fatal(err)
		}
		mem = append(mem, hs...)
		want, _ := tlog.TreeHash(int64(n+1), r)
		var got []byte
		st.DB().QueryRow(`SELECT root FROM tree_heads WHERE size = ?`, n+1).Scan(&got)
		if string(got) != string(want[:]) {
			t.Fatalf("tree head %d differs from an independent computation", n+1)
		}
	}
	head, _ := st.Head(ctx)
	if head.Size != 37 {
		t.Fatalf("head size %d", head.Size)
	}
	proofs, err := st.Prove(ctx, head.Size, []int64{0, 5, 36})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range proofs {
		if err := tlog.CheckRecord(p.Hashes, head.Size, head.Root, p.Seq, tlog.RecordHash(p.Leaf)); err != nil {
			t.Errorf("proof of %d: %v", p.Seq, err)
		}
		bad := append([]byte(nil), p.Leaf...)
		bad[len(bad)-2] ^= 1
		if tlog.CheckRecord(p.Hashes, head.Size, head.Root, p.Seq, tlog.RecordHash(bad)) == nil {
			t.Errorf("proof of %d accepted a changed leaf", p.Seq)
		}
	}
}

func TestVerifyNamesTamperedFile(t *testing.T) {
	st := storetest.Open(t)
	rec := storetest.ImportOne(t, st, "a recording of an inspection", "a.mp4")
	storetest.ImportOne(t, st, "another recording", "b.mp4")
	if p := storetest.VerifyProblems(t, st); len(p) != 0 {
		t.Fatalf("fresh archive: %v", p)
	}
	path := filepath.Join(st.Dir(), filepath.FromSlash(rec.ArchivePath))
	if info, _ := os.Stat(path); info.Mode().Perm()&0o222 != 0 {
		t.Fatalf("archived file is writable: %v", info.Mode())
	}
	os.Chmod(path, 0o644)
	b, _ := os.ReadFile(path)
	b[3] ^= 0x20
	os.WriteFile(path, b, 0o444)
	p := storetest.VerifyProblems(t, st)
	if len(p) != 1 || !strings.Contains(p[0].Ref, rec.SHA256) || !strings.Contains(p[0].What, rec.ID) {
		t.Fatalf("after changing one byte: %v; want one problem naming %s", p, rec.ArchivePath)
	}
	os.Remove(path)
	p = storetest.VerifyProblems(t, st)
	if len(p) != 1 || !strings.Contains(p[0].What, "missing") {
		t.Fatalf("after removing the file: %v", p)
	}
}

func TestVerifyNamesTamperedEntry(t *testing.T) {
	st := storetest.Open(t)
	storetest.ImportOne(t, st, "first", "a.mp4")
	rec := storetest.ImportOne(t, st, "second", "b.mp4")
	db := storetest.RawDB(t, st)
	if _, err := db.Exec(`DROP TRIGGER ledger_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE ledger SET actor = 'user:mallory' WHERE seq = ?`, rec.LedgerSeq); err != nil {
		t.Fatal(err)
	}
	p := storetest.VerifyProblems(t, st)
	want := "entry #" + itoa(rec.LedgerSeq)
	found := false
	for _, x := range p {
		if x.Ref == want && x.Kind == "entry" {
			found = true
		}
	}
	if !found {
		t.Fatalf("verify after rewriting entry %d: %v", rec.LedgerSeq, p)
	}
}

func TestVerifyNamesRecordingChangedBehindTheLedger(t *testing.T) {
	st := storetest.Open(t)
	rec := storetest.ImportOne(t, st, "first", "a.mp4")
	db := storetest.RawDB(t, st)
	if _, err := db.Exec(`UPDATE recordings SET size = size + 1 WHERE id = ?`, rec.ID); err != nil {
		t.Fatal(err)
	}
	p := storetest.VerifyProblems(t, st)
	if len(p) == 0 || !strings.Contains(p[0].String(), rec.ID) {
		t.Fatalf("verify: %v", p)
	}
}

func TestSameContentIsOneRecording(t *testing.T) {
	st := storetest.Open(t)
	a := storetest.ImportOne(t, st, "same bytes", "a.mp4")
	b := storetest.ImportOne(t, st, "same bytes", "copy of a.mp4")
	if a.ID != b.ID {
		t.Fatalf("same content gave recordings %s and %s", a.ID, b.ID)
	}
	var sightings, seen int
	st.DB().QueryRow(`SELECT count(*) FROM sightings WHERE recording_id = ?`, a.ID).Scan(&sightings)
	st.DB().QueryRow(`SELECT count(*) FROM ledger WHERE action = 'recording.seen' AND subject = ?`, a.ID).Scan(&seen)
	if sightings != 2 || seen != 1 {
		t.Fatalf("sightings %d, seen entries %d; want 2 and 1", sightings, seen)
	}
}

// A run whose process died (no lock held) is closed at the next open, and its
// installed-but-uncommitted file is removed.
func TestRecoverClosesDeadRuns(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "x"})
	if err != nil {
		t.Fatal(err)
	}
	sum := digest.Bytes([]byte("orphan"))
	tmp, _ := run.CreateTemp()
	tmp.WriteString("orphan")
	st.Archive().Seal(tmp, sum.Readback(), 6)
	st.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO archive_pending(sha256, import_id, path, created_at) VALUES (?,?,?,0)`, sum.SHA256Hex(), run.ID, "")
		return err
	})
	if _, err := st.Archive().Install(tmp.Name(), sum); err != nil {
		t.Fatal(err)
	}
	stray, _ := run.CreateTemp()
	stray.Close()

	// While the run's process lives, another process's open leaves it alone.
	other, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var status string
	other.DB().QueryRow(`SELECT status FROM imports WHERE id = ?`, run.ID).Scan(&status)
	other.Close()
	if status != store.StatusRunning {
		t.Fatalf("live run marked %s by another open", status)
	}
	run.Abandon() // the process dies
	st.Close()

	st, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.DB().QueryRow(`SELECT status FROM imports WHERE id = ?`, run.ID).Scan(&status)
	if status != store.StatusInterrupted {
		t.Fatalf("dead run status %q, want interrupted", status)
	}
	if _, err := os.Stat(st.Archive().Path(sum.SHA256Hex())); !os.IsNotExist(err) {
		t.Fatalf("uncommitted archive file still there: %v", err)
	}
	if _, err := os.Stat(stray.Name()); !os.IsNotExist(err) {
		t.Fatalf("temp file of the dead run still there")
	}
	var n int
	st.DB().QueryRow(`SELECT count(*) FROM ledger WHERE action = 'import.interrupted' AND subject = ?`, run.ID).Scan(&n)
	if n != 1 {
		t.Fatalf("%d import.interrupted entries", n)
	}
	if p := storetest.VerifyProblems(t, st); len(p) != 0 {
		t.Fatalf("verify after recovery: %v", p)
	}
}

// Text fields are stored verbatim, whatever they hold.
func TestHostileTextIsStoredVerbatim(t *testing.T) {
	st := storetest.Open(t)
	name := "x'); DROP TABLE ledger; --\"\x00\x1b[31m张三.mp4"
	rec := storetest.ImportOne(t, st, "hostile", name)
	if rec.OriginalName != name {
		t.Fatalf("name stored as %q", rec.OriginalName)
	}
	if p := storetest.VerifyProblems(t, st); len(p) != 0 {
		t.Fatal(p)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
