package records_test

import (
	"context"
	"os"
	"testing"

	"evidock/archive"
	"evidock/digest"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/safekeeping"
)

// An import stopped after installing content that another recording holds
// (two workers with the same content; the other committed first) must not
// take the file away when it undoes its part — not even when its context
// is already cancelled, which once made the checks fail and read as "no
// recording holds it".
func TestUnpendKeepsContentOfARecording(t *testing.T) {
	st := storetest.Open(t)
	rec := storetest.ImportOne(t, st, "the same clip", "a.mp4")
	path := st.Archive().Path(rec.SHA256)

	run, err := records.BeginImport(context.Background(), st.Workstation(), records.ImportSpec{Source: "test", DeviceID: "DEV1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storetest.RawDB(t, st).Exec(`INSERT INTO archive_pending(sha256, import_id, path, created_at) VALUES (?,?,?,0)`,
		rec.SHA256, run.ID, archive.RelPath(rec.SHA256)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run.Unpend(ctx, rec.SHA256)

	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the archived file of recording %s is gone: %v", rec.ID, err)
	}
	var pending int
	st.DB().QueryRow(`SELECT count(*) FROM archive_pending WHERE import_id = ?`, run.ID).Scan(&pending)
	if pending != 0 {
		t.Errorf("%d pending rows left by the undo", pending)
	}
	if rep, _ := safekeeping.Verify(context.Background(), st.Workstation(), nil); !rep.OK {
		t.Errorf("verify: %v", rep.Problems)
	}
}

// Content nobody holds is removed by the undo.
func TestUnpendRemovesUnheldContent(t *testing.T) {
	st := storetest.Open(t)
	run, err := records.BeginImport(context.Background(), st.Workstation(), records.ImportSpec{Source: "test", DeviceID: "DEV1"})
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := run.CreateTemp()
	if err != nil {
		t.Fatal(err)
	}
	tmp.WriteString("nobody's clip")
	tmp.Close()
	sum := digest.Bytes([]byte("nobody's clip"))
	if _, err := storetest.RawDB(t, st).Exec(`INSERT INTO archive_pending(sha256, import_id, path, created_at) VALUES (?,?,?,0)`,
		sum.SHA256Hex(), run.ID, archive.RelPath(sum.SHA256Hex())); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Archive().Install(tmp.Name(), sum); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run.Unpend(ctx, sum.SHA256Hex())
	if _, err := os.Stat(st.Archive().Path(sum.SHA256Hex())); !os.IsNotExist(err) {
		t.Errorf("unheld content still archived: %v", err)
	}
}
