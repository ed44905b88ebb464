package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/access"
	"evidock/ledger"
	"evidock/records"
	"evidock/retention"
	"evidock/store"
)

// checkLedgerEvidence checks that the disc at path proves its recordings'
// imports and this export's begin entry in a tree head the store recorded.
func checkLedgerEvidence(t *testing.T, st *store.Store, path string, e access.Export) {
	t.Helper()
	ev, err := ReadEvidence(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Check(); err != nil {
		t.Errorf("%s: proofs do not check against the disc's tree head: %v", path, err)
	}
	head, err := access.TreeHeadAt(context.Background(), st, ev.TreeSize)
	if err != nil || head.Root != ev.Root {
		t.Errorf("%s: tree head %d is not one the store recorded: %v", path, ev.TreeSize, err)
	}
	if got := ev.ExportSeq(); got != e.BeginSeq {
		t.Errorf("%s: proves export.begin entry %d, want %d", path, got, e.BeginSeq)
	}
}

func verifyOK(t *testing.T, path string) Report {
	t.Helper()
	rep, err := VerifyDisc(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK {
		t.Errorf("%s does not verify: %v", path, rep.Problems)
	}
	return rep
}

// wantProblem verifies path and wants a problem naming name.
func wantProblem(t *testing.T, path, name string) {
	t.Helper()
	rep, err := VerifyDisc(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		if p.Path == name {
			return
		}
	}
	t.Errorf("%s: no problem names %s: %v", path, name, rep.Problems)
}

func TestRunOneDisc(t *testing.T) {
	needTool(t, "xorriso")
	needTool(t, "pdftotext")
	ctx := context.Background()
	f, req := newStoreFixture(t, 3)
	spec := f.spec(t, req)
	var phases []Phase
	spec.Progress = func(p Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	}
	res, err := Run(ctx, f.keeper, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Discs) != 1 || res.Export.Status != access.ExportComplete || len(res.Files) != 3 {
		t.Fatalf("result: %+v", res)
	}
	if fmt.Sprint(phases) != "[copy check done]" {
		t.Errorf("phases %v", phases)
	}
	wantNames := []string{"张三_20261129_081502_DEV001.mp4", "王五_20261129_082502_DEV002.mp4", "张三_20261129_083502_DEV001.mp4"}
	for i, file := range res.Files {
		if file.Name != wantNames[i] || file.Recording != f.recs[i].ID {
			t.Errorf("file %d: %+v, want %s", i, file, wantNames[i])
		}
	}
	d := res.Discs[0]
	for _, p := range []string{d.ISO, d.Bag.Dir} {
		if rep := verifyOK(t, p); rep.Files != 3 {
			t.Errorf("%s: %d files", p, rep.Files)
		}
		checkLedgerEvidence(t, f.st, p, res.Export)
	}
	// The disc's tree head is signed with the keys the ledger names.
	vkey := strings.TrimSpace(string(mustRead(t, filepath.Join(d.Bag.Dir, filepath.FromSlash(VerifierKeyFile)))))
	keys, err := records.Ledger(ctx, f.keeper, ledger.Filter{ActionPrefix: "checkpoint.keys"})
	if err != nil || len(keys) != 1 {
		t.Fatalf("checkpoint.keys entries %v %v", keys, err)
	}
	for _, k := range strings.Split(vkey, "\n") {
		if !strings.Contains(string(keys[0].Details), k) {
			t.Errorf("the disc's verifier key %q is not the ledger's: %s", k, keys[0].Details)
		}
	}
	size, _, err := checkpointHead(mustRead(t, filepath.Join(d.Bag.Dir, filepath.FromSlash(CheckpointFile))), vkey)
	var th treeHeadJSON
	json.Unmarshal(mustRead(t, filepath.Join(d.Bag.Dir, filepath.FromSlash(TreeHeadFile))), &th)
	if err != nil || size != th.Size || size < 1 {
		t.Errorf("checkpoint of %d entries, tree head %d: %v", size, th.Size, err)
	}
	items := itemsFor(mustRecordings(t, f)[:3], cst)
	desc := spec.Description
	entries, err := records.Ledger(ctx, f.keeper, ledger.Filter{Subject: access.ExportSubject(res.Export.ID)})
	if err != nil || len(entries) != 2 || entries[0].Action != "export.begin" || entries[1].Action != "export.complete" {
		t.Fatalf("ledger of the export: %v %v", err, entries)
	}
	var begin struct {
		Description access.ExportDescription `json:"description"`
	}
	if err := json.Unmarshal(entries[0].Details, &begin); err != nil || begin.Description.ExtractedAt.IsZero() {
		t.Fatalf("export.begin has no extraction time: %v %s", err, entries[0].Details)
	}
	desc.ExtractedAt = begin.Description.ExtractedAt.In(cst)
	desc.Request, desc.Approver, desc.ApprovedAt, desc.Purpose = req.ID, "boss（主管领导）", req.DecidedAt.In(cst), req.Reason
	checkDescription(t, filepath.Join(d.Bag.Dir, DescriptionFile), desc, items, 1, 1)
	complete := string(entries[1].Details)
	for _, want := range []string{d.Image.SHA256, d.Image.SM3, f.recs[2].SHA256, wantNames[1]} {
		if !strings.Contains(complete, want) {
			t.Errorf("export.complete lacks %s: %s", want, complete)
		}
	}

	// One changed byte of a recording or of a manifest is named, in the
	// folder and in the image.
	victim := "data/" + wantNames[1]
	dir := filepath.Join(t.TempDir(), "bag")
	copyTree(t, d.Bag.Dir, dir)
	flipByte(t, filepath.Join(dir, filepath.FromSlash(victim)), f.content[f.recs[1].ID][:64])
	wantProblem(t, dir, victim)
	dir2 := filepath.Join(t.TempDir(), "bag")
	copyTree(t, d.Bag.Dir, dir2)
	replaceIn(t, filepath.Join(dir2, ManifestSHA256), f.recs[0].SHA256[:10], strings.Repeat("0", 10))
	wantProblem(t, dir2, "data/"+wantNames[0])
	wantProblem(t, dir2, ManifestSHA256)
	iso := filepath.Join(t.TempDir(), "damaged.iso")
	copyFile(t, d.ISO, iso)
	flipByte(t, iso, f.content[f.recs[1].ID][:64])
	wantProblem(t, iso, victim)
	iso2 := filepath.Join(t.TempDir(), "damaged.iso")
	copyFile(t, d.ISO, iso2)
	flipByte(t, iso2, []byte(f.recs[0].SM3))
	wantProblem(t, iso2, ManifestSM3)
}

func TestRunSpanningDiscsBurned(t *testing.T) {
	needTool(t, "xorriso")
	ctx := context.Background()
	f, req := newStoreFixture(t, 6)
	spec := f.spec(t, req)
	spec.Medium, spec.Capacity = CD, Reserve+420_000 // two recordings a disc
	drives := t.TempDir()
	spec.Device = "stdio:" + filepath.Join(drives, "drive-%d")
	var inserted []string
	spec.BeforeBurn = func(_ context.Context, disc, discs int, dev string) error {
		inserted = append(inserted, fmt.Sprintf("%d/%d %s", disc, discs, filepath.Base(dev)))
		return nil
	}
	res, err := Run(ctx, f.keeper, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Discs) != 3 || fmt.Sprint(inserted) != "[1/3 drive-1 2/3 drive-2 3/3 drive-3]" {
		t.Fatalf("%d discs, inserted %v", len(res.Discs), inserted)
	}
	for _, d := range res.Discs {
		drive := fmt.Sprintf("stdio:%s/drive-%d", drives, d.Number)
		for _, p := range []string{d.ISO, d.Bag.Dir, drive} {
			if rep := verifyOK(t, p); rep.Files != 2 {
				t.Errorf("%s: %d files, want 2", p, rep.Files)
			}
			checkLedgerEvidence(t, f.st, p, res.Export)
		}
		info, _ := os.ReadFile(filepath.Join(d.Bag.Dir, BagInfoFile))
		if !strings.Contains(string(info), fmt.Sprintf("Disc: %d/3", d.Number)) {
			t.Errorf("disc %d bag-info: %s", d.Number, info)
		}
	}
	drive := filepath.Join(drives, "drive-3")
	flipByte(t, drive, f.content[f.recs[5].ID][:64])
	wantProblem(t, "stdio:"+drive, "data/"+res.Files[5].Name)
}

// A tampered archived copy fails the export, naming the recording; the
// failure is retryable once the copy is good again.
func TestRunTamperedArchiveFailsAndRetries(t *testing.T) {
	needTool(t, "xorriso")
	ctx := context.Background()
	f, req := newStoreFixture(t, 2)
	victim := f.recs[1]
	path := f.st.Archive().Path(victim.SHA256)
	good := f.content[victim.ID]
	os.Chmod(path, 0o644)
	t.Cleanup(func() { os.Chmod(path, 0o644); os.WriteFile(path, good, 0o444) })
	bad := bytes.Clone(good)
	bad[100] ^= 1
	if err := os.WriteFile(path, bad, 0o444); err != nil {
		t.Fatal(err)
	}
	spec := f.spec(t, req)
	res, err := Run(ctx, f.keeper, spec)
	if !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), victim.ID) || !strings.Contains(err.Error(), "王五_20261129_082502_DEV002.mp4") ||
		!strings.Contains(err.Error(), "altered or damaged") {
		t.Fatalf("export of a tampered copy: %v", err)
	}
	list, _ := access.Exports(ctx, f.keeper, access.ExportFilter{ID: res.Export.ID})
	if len(list) != 1 || list[0].Status != access.ExportFailed || !strings.Contains(list[0].Message, victim.ID) {
		t.Fatalf("failed export: %+v", list)
	}
	if entries, _ := os.ReadDir(spec.OutDir); len(entries) != 0 {
		t.Errorf("a failed export left %v", entries)
	}

	os.Chmod(path, 0o644)
	os.WriteFile(path, good, 0o444)
	res, err = Retry(ctx, f.keeper, res.Export.ID, Options{Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	if res.Export.Attempts != 2 || res.Export.Status != access.ExportComplete {
		t.Errorf("retry: %+v", res.Export)
	}
	verifyOK(t, res.Discs[0].ISO)
	checkLedgerEvidence(t, f.st, res.Discs[0].ISO, res.Export)
}

// A burn that fails ends the export as failed with the reason; a retry
// with another drive completes it.
func TestRunBurnFailureIsRetryable(t *testing.T) {
	needTool(t, "xorriso")
	ctx := context.Background()
	f, req := newStoreFixture(t, 1)
	spec := f.spec(t, req)
	spec.Device = "stdio:" + filepath.Join(t.TempDir(), "no-such-folder", "drive")
	res, err := Run(ctx, f.keeper, spec)
	if !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), "burn") {
		t.Fatalf("burn to a missing drive: %v", err)
	}
	res, err = Retry(ctx, f.keeper, res.Export.ID, Options{Device: "stdio:" + filepath.Join(t.TempDir(), "drive"), Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	verifyOK(t, "stdio:"+strings.TrimPrefix(res.Export.Device, "stdio:"))
}

func TestRunRefusedRoles(t *testing.T) {
	ctx := context.Background()
	f, req := newStoreFixture(t, 1)
	for _, sess := range []*store.Session{f.officer, f.supervisor} {
		spec := f.spec(t, req)
		if _, err := Run(ctx, sess, spec); !errors.Is(err, store.ErrRefused) {
			t.Errorf("%s: %v, want refused", sess.Actor().Name, err)
		}
		if _, err := os.Stat(spec.OutDir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: a refused export made %s", sess.Actor().Name, spec.OutDir)
		}
	}
	spec := f.spec(t, req)
	spec.Medium = "floppy"
	if _, err := Run(ctx, f.keeper, spec); err == nil || !strings.Contains(err.Error(), "floppy") {
		t.Errorf("unknown medium: %v", err)
	}
}

// A disc whose proven export.begin entry does not list one of its
// recordings names that recording.
func TestVerifyDiscHoldsRecordingsToTheExportEntry(t *testing.T) {
	f := newFixture(t, 3000, 5000)
	entries := [][]byte{}
	for _, p := range f.ev.Proofs {
		entries = append(entries, p.Leaf)
	}
	entries = append(entries, entry(t, len(entries), BeginAction, "export:1", map[string]any{
		"recordings": []map[string]any{{"sha256": f.items[0].SHA256, "sm3": f.items[0].SM3}}}))
	ev := ledgerOf(t, entries)
	bag := filepath.Join(t.TempDir(), "bag")
	if _, err := WriteBag(context.Background(), bag, f.items, f.desc, ev, 1, 1, nil); err != nil {
		t.Fatal(err)
	}
	rep, err := VerifyDisc(context.Background(), bag)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Path != "data/"+f.items[1].Name || !strings.Contains(rep.Problems[0].What, BeginAction) {
		t.Errorf("problems: %v", rep.Problems)
	}
	if got := ev.ExportSeq(); got != int64(len(entries)-1) {
		t.Errorf("ExportSeq %d", got)
	}
}

// A whole case: its recordings, its number and name.
func TestRunCase(t *testing.T) {
	needTool(t, "xorriso")
	ctx := context.Background()
	f, req := newStoreFixture(t, 3)
	number := "案卷-" + t.Name()
	if err := retention.AddCase(ctx, f.keeper, retention.Case{Number: number, Name: "某网吧案", Retention: retention.Retention{Years: 2}}); err != nil {
		t.Fatal(err)
	}
	if err := retention.Link(ctx, f.keeper, number, []string{f.recs[0].ID, f.recs[2].ID}); err != nil {
		t.Fatal(err)
	}
	spec := f.spec(t, req)
	spec.Case, spec.Description.CaseNumber, spec.Description.CaseName = number, "", ""
	res, err := Run(ctx, f.keeper, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 || res.Files[0].Recording != f.recs[0].ID || res.Files[1].Recording != f.recs[2].ID ||
		res.Export.Description.CaseNumber != number || res.Export.Description.CaseName != "某网吧案" {
		t.Errorf("case export: %+v", res)
	}
	// A case holding a recording the request does not cover is refused.
	if err := retention.Link(ctx, f.keeper, number, []string{f.recs[4].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, f.keeper, f.spec(t, req)); err != nil {
		t.Fatal(err) // without Case, the request's own recordings
	}
	spec = f.spec(t, req)
	spec.Case = number
	if _, err := Run(ctx, f.keeper, spec); !errors.Is(err, store.ErrRefused) || !strings.Contains(err.Error(), f.recs[4].ID) {
		t.Errorf("case beyond the request: %v", err)
	}
}
