package replicate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"evidock/ledger"
	"evidock/ledger/checkpoint"
	"evidock/records"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// TestReplicate: the first run sends every recording locked in COMPLIANCE
// mode until at least its retention date, the ledger's tiles and a
// checkpoint that x/mod's note package verifies; a locked version cannot be
// deleted; a second run sends no recording again and leaves one version
// of each; Verify finds the bucket intact.
func TestReplicate(t *testing.T) {
	f := newFixture(t, 4)
	ctx := context.Background()
	var progress []Progress
	rep, err := Run(ctx, f.st.Workstation(), f.target, Options{Progress: func(p Progress) { progress = append(progress, p) }})
	if err != nil || !rep.OK {
		t.Fatalf("replicate: %+v %v", rep, err)
	}
	if rep.Uploaded != 4 || rep.Objects != 4 || rep.Present != 0 || !rep.Created || rep.Tiles != 2 { // a partial level-0 tile and its bundle
		t.Errorf("first run: %+v", rep)
	}
	if last := progress[len(progress)-1]; last.Phase != "done" || last.Files != 4 || last.Bytes != last.BytesTotal || last.BytesTotal != int64(20<<20+7+1+100_002+100_003) {
		t.Errorf("last progress %+v", last)
	}
	for _, id := range f.recs {
		key := ArchivePrefix + f.sha(t, id)
		l, oi := f.lock(t, key)
		until, _, _ := wantLock(f.retention(t, id), time.Now())
		if l.Mode != "COMPLIANCE" || l.Until.Before(f.retention(t, id).Until.Truncate(time.Second)) || l.Until.Before(until.Add(-time.Minute)) || l.LegalHold {
			t.Errorf("%s: lock %+v, want COMPLIANCE until %s", key, l, until)
		}
		if oi.Size != int64(len(f.content[id])) {
			t.Errorf("%s: %d bytes, want %d", key, oi.Size, len(f.content[id]))
		}
		o, err := f.c.GetObject(ctx, f.target.Bucket, key, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(o)
		o.Close()
		if !bytes.Equal(b.Bytes(), f.content[id]) {
			t.Errorf("%s: the object's bytes differ from the recording", key)
		}
		// Object Lock: the version cannot be deleted, not even by the root account.
		err = f.c.RemoveObject(ctx, f.target.Bucket, key, minio.RemoveObjectOptions{VersionID: oi.VersionID})
		if err == nil {
			t.Errorf("%s: deleting the locked version was accepted", key)
		}
		if _, err := f.c.StatObject(ctx, f.target.Bucket, key, minio.StatObjectOptions{VersionID: oi.VersionID}); err != nil {
			t.Errorf("%s: gone after a refused delete: %v", key, err)
		}
	}

	// The checkpoint, with x/mod alone and the workstation's Ed25519 key.
	msg, err := getObject(ctx, f.c, f.target, CheckpointKey, 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(f.st.Keys().Ed25519Verifier)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		t.Fatalf("note.Open of the bucket's checkpoint: %v\n%s", err, msg)
	}
	cp, err := checkpoint.Parse([]byte(n.Text))
	if err != nil || cp.Size != rep.Checkpoint {
		t.Fatalf("checkpoint %+v %v, run says %d", cp, err, rep.Checkpoint)
	}
	// Auditing from the bucket alone: the tiles prove the checkpoint.
	root, err := tlog.TreeHash(cp.Size, tlog.TileHashReader(tlog.Tree{N: cp.Size, Hash: cp.Root}, &tileReader{ctx: ctx, c: f.c, t: f.target}))
	if err != nil || root != cp.Root {
		t.Fatalf("the bucket's tiles do not prove its checkpoint: %v", err)
	}
	// The entry bundles are the ledger's leaf bytes, hashing to the level-0 tile.
	bundle, err := getObject(ctx, f.c, f.target, LedgerPrefix+TilePath(tlog.Tile{H: 8, L: -1, N: 0, W: int(min(cp.Size, 256))}), 1<<24)
	if err != nil {
		t.Fatal(err)
	}
	leaves, err := ParseEntryBundle(bundle)
	if err != nil || int64(len(leaves)) != min(cp.Size, 256) {
		t.Fatalf("entry bundle: %d leaves, %v", len(leaves), err)
	}
	level0, _ := getObject(ctx, f.c, f.target, LedgerPrefix+TilePath(tlog.Tile{H: 8, L: 0, N: 0, W: len(leaves)}), 1<<24)
	for i, l := range leaves {
		if h := tlog.RecordHash(l); !bytes.Equal(h[:], level0[i*32:i*32+32]) {
			t.Fatalf("entry %d does not hash to its level-0 tile hash", i)
		}
	}

	// Second run: nothing sent again, one version of each recording.
	rep2 := f.run(t)
	// Of the ledger, only the checkpoint and the last partial tile (and its
	// entry bundle) are written again.
	if rep2.Uploaded != 0 || rep2.Present != 4 || rep2.Bytes != 0 || rep2.Extended != 0 || rep2.Checkpoint <= rep.Checkpoint || rep2.Tiles != 2 {
		t.Errorf("second run: %+v", rep2)
	}
	for key, n := range f.versions(t, ArchivePrefix) {
		if n != 1 {
			t.Errorf("%s: %d versions after two runs", key, n)
		}
	}
	vr, err := Verify(ctx, f.st.Workstation(), f.target, VerifyOptions{})
	if err != nil || !vr.OK || vr.Objects != 4 || vr.Bytes != int64(20<<20+7+1+100_002+100_003) {
		t.Fatalf("verify of an untouched bucket: %+v %v", vr, err)
	}
	es, err := records.Ledger(ctx, f.keeper, ledger.Filter{ActionPrefix: "replicate"})
	if err != nil || len(es) != 3 || es[0].Action != "replicate" || es[2].Action != "replicate.verify" {
		t.Errorf("ledger entries of the runs: %v %v", es, err)
	}
}

// TestLegalHoldFollowsCase: linking a recording to a case turns its legal
// hold on at the next run, and releasing it turns it off; a retention date
// that moves later extends the lock.
func TestLegalHoldFollowsCase(t *testing.T) {
	f := newFixture(t, 2)
	ctx := context.Background()
	f.run(t)
	id := f.recs[1]
	key := ArchivePrefix + f.sha(t, id)
	if err := retention.AddCase(ctx, f.keeper, retention.Case{Number: "案2026-7", Name: "某案", Retention: retention.Retention{Years: 30}}); err != nil {
		t.Fatal(err)
	}
	if err := retention.Link(ctx, f.keeper, "案2026-7", []string{id}); err != nil {
		t.Fatal(err)
	}
	rep := f.run(t)
	if l, _ := f.lock(t, key); !l.LegalHold || rep.HoldOn != 1 {
		t.Fatalf("after linking: lock %+v, run %+v", l, rep)
	}
	if l, _ := f.lock(t, ArchivePrefix+f.sha(t, f.recs[0])); l.LegalHold {
		t.Errorf("the other recording got a legal hold")
	}
	before, _ := f.lock(t, key)
	if err := retention.CloseCase(ctx, f.keeper, "案2026-7", "结案"); err != nil {
		t.Fatal(err)
	}
	rep = f.run(t)
	after, _ := f.lock(t, key)
	want := f.retention(t, id).Until // the closed case holds it 30 years
	if !after.LegalHold || after.Until.Before(want.Truncate(time.Second)) || !after.Until.After(before.Until) || rep.Extended != 1 {
		t.Fatalf("after closing the case: lock %+v (was %+v), retention %s, run %+v", after, before, want, rep)
	}
	if err := retention.Unlink(ctx, f.keeper, "案2026-7", []string{id}, "误关联"); err != nil {
		t.Fatal(err)
	}
	rep = f.run(t)
	if l, _ := f.lock(t, key); l.LegalHold || rep.HoldOff != 1 || l.Until.Before(after.Until) {
		t.Fatalf("after unlinking: lock %+v, run %+v (the retention is never shortened)", l, rep)
	}
	vr, err := Verify(ctx, f.st.Workstation(), f.target, VerifyOptions{Quick: true})
	if err != nil || !vr.OK {
		t.Fatalf("verify: %+v %v", vr, err)
	}
}

// TestVerifyFindsChanges: an object whose bytes changed on the server's
// disk, an object uploaded again over the locked one, and a missing tile
// are each named.
func TestVerifyFindsChanges(t *testing.T) {
	f := newFixture(t, 3)
	ctx := context.Background()
	f.run(t)
	changed := ArchivePrefix + f.sha(t, f.recs[2])
	path := filepath.Join(f.srv.Data, f.target.Bucket, filepath.FromSlash(changed))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the object's file in versitygw's folder: %v", err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	replaced := ArchivePrefix + f.sha(t, f.recs[0])
	if _, err := f.c.PutObject(ctx, f.target.Bucket, replaced, bytes.NewReader([]byte("forged")), 6, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	vr, err := Verify(ctx, f.st.Workstation(), f.target, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, p := range vr.Problems {
		found[p.Key] += p.What + "; "
	}
	if vr.OK || !strings.Contains(found[changed], "content changed") || !strings.Contains(found[replaced], "2 versions") {
		t.Fatalf("verify: %+v", vr)
	}
	if len(found) != 2 {
		t.Errorf("problems with untouched objects: %v", found)
	}
	// The next run does not paper over it.
	rep, err := Run(ctx, f.st.Workstation(), f.target, Options{})
	if err != nil || rep.OK || !strings.Contains(strings.Join(rep.Problems, "\n"), replaced) {
		t.Errorf("a run over a replaced object: %+v %v", rep, err)
	}
	tile := LedgerPrefix + TilePath(tlog.Tile{H: 8, L: -1, N: 0, W: int(min(rep.Checkpoint, 256))})
	if err := os.Remove(filepath.Join(f.srv.Data, f.target.Bucket, filepath.FromSlash(tile))); err != nil {
		t.Fatal(err)
	}
	vr, _ = Verify(ctx, f.st.Workstation(), f.target, VerifyOptions{Quick: true})
	if !strings.Contains(vr.Problems[len(vr.Problems)-1].String(), tile+": is missing") {
		t.Errorf("a missing tile: %v", vr.Problems)
	}
	// A recording's object gone from the bucket's disk behind its back.
	gone := ArchivePrefix + f.sha(t, f.recs[1])
	if err := os.Remove(filepath.Join(f.srv.Data, f.target.Bucket, filepath.FromSlash(gone))); err != nil {
		t.Fatal(err)
	}
	vr, _ = Verify(ctx, f.st.Workstation(), f.target, VerifyOptions{Quick: true})
	named := false
	for _, p := range vr.Problems {
		named = named || p.Key == gone
	}
	if vr.OK || !named {
		t.Errorf("a recording's object removed: %v", vr.Problems)
	}
}

// TestRunResumes: a run stopped midway finishes at the next run, without
// sending again what it sent.
func TestRunResumes(t *testing.T) {
	f := newFixture(t, 5)
	ctx, cancel := context.WithCancel(context.Background())
	rep, err := Run(ctx, f.st.Workstation(), f.target, Options{Progress: func(p Progress) {
		if p.Files >= 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || rep.Uploaded < 2 || rep.Uploaded == 5 {
		t.Fatalf("cancelled run: %+v %v", rep, err)
	}
	if _, err := f.c.StatObject(context.Background(), f.target.Bucket, CheckpointKey, minio.StatObjectOptions{}); err == nil {
		t.Error("a cut-short run wrote a checkpoint")
	}
	rep2 := f.run(t)
	if rep2.Uploaded+rep.Uploaded != 5 || rep2.Present != rep.Uploaded {
		t.Errorf("resumed: %+v after %+v", rep2, rep)
	}
	for key, n := range f.versions(t, ArchivePrefix) {
		if n != 1 {
			t.Errorf("%s: %d versions", key, n)
		}
	}
}

// TestRefusals: a bucket without Object Lock, and a bucket whose
// checkpoint this ledger no longer contains (the data folder rolled back).
func TestRefusals(t *testing.T) {
	f := newFixture(t, 1)
	ctx := context.Background()
	if err := f.c.MakeBucket(ctx, "nolock", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	nolock := f.target
	nolock.Bucket = "nolock"
	if _, err := Run(ctx, f.st.Workstation(), nolock, Options{}); !errors.Is(err, ErrTarget) {
		t.Errorf("a bucket without Object Lock: %v", err)
	}
	// Another data folder (other keys) to the same bucket and prefix.
	f.run(t)
	other, err := store.Open(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := Run(ctx, other.Workstation(), f.target, Options{}); !errors.Is(err, ErrTarget) || !strings.Contains(err.Error(), "--prefix") {
		t.Errorf("another workstation's bucket: %v", err)
	}
	byPrefix := f.target
	byPrefix.Prefix = "ws02"
	if rep, err := Run(ctx, other.Workstation(), byPrefix, Options{}); err != nil || !rep.OK {
		t.Errorf("the other workstation under its own prefix: %+v %v", rep, err)
	}
	es, _ := records.Ledger(ctx, f.keeper, ledger.Filter{ActionPrefix: "replicate", Newest: true, Limit: 1})
	if len(es) != 1 || !strings.Contains(string(es[0].Details), `"ok":true`) {
		t.Errorf("ledger: %v", es)
	}
}

// TestRestoreFromBucket: a workstation whose disk died comes back from the
// bucket alone, checked against the checkpoint with its verifier keys.
func TestRestoreFromBucket(t *testing.T) {
	f := newFixture(t, 3)
	ctx := context.Background()
	f.run(t)
	keys := f.st.Keys()
	dir := filepath.Join(t.TempDir(), "restored")
	rep, err := Restore(ctx, f.target, dir, []string{keys.Ed25519Verifier, keys.SM2Verifier})
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if rep.Files != 3 || rep.BucketKeys || rep.Checkpoint.Origin != keys.Origin {
		t.Errorf("restore: %+v", rep)
	}
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Keys().Origin != keys.Origin || st.Keys().Ed25519Verifier == keys.Ed25519Verifier {
		t.Errorf("restored keys: origin %s (want %s), new key %v", st.Keys().Origin, keys.Origin, st.Keys().Ed25519Verifier != keys.Ed25519Verifier)
	}
	vr, err := safekeeping.Verify(ctx, st.Workstation(), nil)
	if err != nil || !vr.OK || vr.Files != 3 {
		t.Fatalf("verify of the restored folder: %+v %v", vr, err)
	}
	// With another workstation's keys the checkpoint does not open.
	other, _, _ := checkpoint.Ensure(filepath.Join(t.TempDir(), "k"))
	if _, err := Restore(ctx, f.target, filepath.Join(t.TempDir(), "x"), []string{other.Ed25519Verifier}); !errors.Is(err, checkpoint.ErrSignature) {
		t.Errorf("restore with foreign keys: %v", err)
	}
}

func TestTilePaths(t *testing.T) {
	for _, tc := range []struct {
		t    tlog.Tile
		path string
	}{
		{tlog.Tile{H: 8, L: 0, N: 0, W: 256}, "tile/0/000"},
		{tlog.Tile{H: 8, L: 0, N: 1234067, W: 256}, "tile/0/x001/x234/067"},
		{tlog.Tile{H: 8, L: 1, N: 3, W: 17}, "tile/1/003.p/17"},
		{tlog.Tile{H: 8, L: -1, N: 1000, W: 1}, "tile/entries/x001/000.p/1"},
	} {
		if got := TilePath(tc.t); got != tc.path {
			t.Errorf("TilePath(%+v) = %s, want %s", tc.t, got, tc.path)
		}
		if back, err := ParseTilePath(tc.path); err != nil || back != tc.t {
			t.Errorf("ParseTilePath(%s) = %+v %v", tc.path, back, err)
		}
	}
	for _, bad := range []string{"tile/0/1", "tile/00/000", "tile/0/001.p/256", "tile/0/x000/001", "tile/0/001/002", "tile/0/000.p/0", "x"} {
		if _, err := ParseTilePath(bad); err == nil {
			t.Errorf("ParseTilePath(%q) accepted", bad)
		}
	}
	// C2SP's example: a tree of 70,000 entries.
	var paths []string
	for _, tile := range tlog.NewTiles(8, 0, 70000) {
		if tile.W != 256 {
			paths = append(paths, TilePath(tile))
		}
	}
	if strings.Join(paths, " ") != "tile/0/273.p/112 tile/1/001.p/17 tile/2/000.p/1" {
		t.Errorf("partial tiles of 70000: %v", paths)
	}
}

func FuzzParseTilePath(f *testing.F) {
	f.Add("tile/0/x001/x234/067")
	f.Add("tile/entries/000.p/5")
	f.Fuzz(func(t *testing.T, p string) {
		tile, err := ParseTilePath(p)
		if err != nil {
			return
		}
		if TilePath(tile) != p {
			t.Fatalf("TilePath(ParseTilePath(%q)) = %q", p, TilePath(tile))
		}
	})
}

func FuzzParseEntryBundle(f *testing.F) {
	b, _ := EntryBundle([][]byte{[]byte(`{"seq":0}`), nil, []byte("x")})
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		leaves, err := ParseEntryBundle(b)
		if err != nil {
			return
		}
		again, err := EntryBundle(leaves)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("EntryBundle(ParseEntryBundle(%x)) = %x, %v", b, again, err)
		}
	})
}

// A user who may not replicate is refused before anything is sent, and
// the refusal (not a failed run) is in the ledger.
func TestRunRefusedRole(t *testing.T) {
	f := newFixture(t, 1)
	ctx := context.Background()
	root, err := f.st.Login(ctx, "root", pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := root.AddUser(ctx, store.NewUser{Name: "sup", Roles: []store.Role{store.RoleSupervisor}, Password: pw}); err != nil {
		t.Fatal(err)
	}
	sup, err := f.st.Login(ctx, "sup", pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, sup, f.target, Options{}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("a supervisor replicating: %v", err)
	}
	if ok, _ := f.c.BucketExists(ctx, f.target.Bucket); ok {
		t.Error("a refused run made the bucket")
	}
	es, _ := records.Ledger(ctx, f.keeper, ledger.Filter{Newest: true, Limit: 3})
	for _, e := range es {
		if e.Action == "replicate" {
			t.Errorf("a refused run wrote a replicate entry: %s", e.Details)
		}
	}
	if es[0].Action != "refused" || !strings.Contains(string(es[0].Details), `"attempted":"replicate"`) {
		t.Errorf("the newest entry: %s %s", es[0].Action, es[0].Details)
	}
}

// Two runs at once (the window's schedule and a command): the second is
// refused as busy, so no object is sent twice.
func TestRunsDoNotOverlap(t *testing.T) {
	f := newFixture(t, 1)
	release, err := safekeeping.LockReplication(f.st)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), f.st.Workstation(), f.target, Options{})
	if !errors.Is(err, safekeeping.ErrReplicationBusy) || rep.Uploaded != 0 {
		t.Fatalf("a run while another holds the lock: %+v %v", rep, err)
	}
	release()
	f.run(t)
}
