package export

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A disc carries its tree head as the workstation's signed checkpoint: it
// verifies with the workstation's keys and the ledger contains it; a disc
// whose checkpoint names another tree than its tree head is a problem.
func TestDiscCarriesCheckpoint(t *testing.T) {
	needTool(t, "xorriso")
	ctx := context.Background()
	f, req := newStoreFixture(t, 2)
	res, err := Run(ctx, f.keeper, f.spec(t, req))
	if err != nil {
		t.Fatal(err)
	}
	d := res.Discs[0]
	for _, p := range []string{d.ISO, d.Bag.Dir} {
		ev, err := ReadEvidence(ctx, p)
		if err != nil || ev.Checkpoint == nil || len(ev.Checkpoint.Signed) == 0 {
			t.Fatalf("%s: evidence %v, checkpoint %+v", p, err, ev.Checkpoint)
		}
		sc, err := f.st.CheckCheckpoint(ctx, ev.Checkpoint.Signed)
		if err != nil || sc.Size != ev.TreeSize || sc.Root != ev.Root || sc.Origin != f.st.Keys().Origin {
			t.Fatalf("%s: the disc's checkpoint against the ledger: %+v %v", p, sc, err)
		}
	}
	bag := filepath.Join(t.TempDir(), "bag")
	if err := os.CopyFS(bag, os.DirFS(d.Bag.Dir)); err != nil {
		t.Fatal(err)
	}
	now, err := f.st.Head(ctx) // the ledger has grown since the disc was made
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.st.SignHead(now)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(bag, filepath.FromSlash(CheckpointFile))
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, other, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := VerifyDisc(ctx, bag)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, pr := range rep.Problems {
		found = found || pr.Path == CheckpointFile && strings.Contains(pr.What, "but "+TreeHeadFile+" says")
	}
	if rep.OK || !found {
		t.Errorf("a checkpoint of another tree: %+v", rep)
	}
}
