package store

import (
	"context"
	"os"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// The workstation signs tree heads with one key, made on first use and
// kept private in the data folder; its verifier key is in the ledger.
func TestCheckpoint(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	head, err := fx.st.Head(ctx)
	must(t, err)
	signed, vkey, err := fx.st.Checkpoint(ctx, head)
	must(t, err)
	v, err := note.NewVerifier(vkey)
	must(t, err)
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		t.Fatalf("the checkpoint does not verify with its key: %v", err)
	}
	if n.Text != FormatCheckpoint(head) || !strings.HasPrefix(n.Text, CheckpointOrigin+"\n") {
		t.Errorf("signed text %q", n.Text)
	}
	info, err := os.Stat(fx.st.keyPath())
	must(t, err)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the key file is %v, want readable by its owner only", info.Mode().Perm())
	}
	keys, err := fx.st.queryLedger(ctx, LedgerFilter{ActionPrefix: "workstation.key"})
	must(t, err)
	if len(keys) != 1 || !strings.Contains(string(keys[0].Details), vkey) {
		t.Fatalf("workstation.key entries %+v", keys)
	}
	// A later checkpoint uses the same key and adds no key entry.
	head2, err := fx.st.Head(ctx)
	must(t, err)
	_, vkey2, err := fx.st.Checkpoint(ctx, head2)
	must(t, err)
	keys, _ = fx.st.queryLedger(ctx, LedgerFilter{ActionPrefix: "workstation.key"})
	if vkey2 != vkey || len(keys) != 1 {
		t.Errorf("second checkpoint: key %q (was %q), %d key entries", vkey2, vkey, len(keys))
	}
}
