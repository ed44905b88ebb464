package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// KeyName is the name of the workstation's signing key in its notes.
const KeyName = "evidock-workstation"

// CheckpointOrigin is the first line of the workstation's checkpoints.
const CheckpointOrigin = "evidock ledger"

// keyPath is where the workstation keeps its signing key: in the data
// folder, readable by the program's user only.
func (s *Store) keyPath() string { return filepath.Join(s.dir, "keys", "workstation.key") }

// signer returns the workstation's signing key, making it the first time:
// an Ed25519 key in the form of golang.org/x/mod/sumdb/note, whose
// verifier key goes into the ledger (workstation.key) when it is made, so
// that anyone holding the ledger knows which key is the workstation's.
func (s *Store) signer(ctx context.Context) (note.Signer, string, error) {
	skey, err := os.ReadFile(s.keyPath())
	if errors.Is(err, os.ErrNotExist) {
		skey, err = s.makeKey(ctx)
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: workstation key: %w", err)
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(skey)))
	if err != nil {
		return nil, "", fmt.Errorf("store: workstation key %s: %w", s.keyPath(), err)
	}
	vkey, err := s.verifierKey(ctx)
	if err != nil {
		return nil, "", err
	}
	return signer, vkey, nil
}

// makeKey makes the signing key, writes it where no other process can have
// written one meanwhile (O_EXCL), and records its verifier key.
func (s *Store) makeKey(ctx context.Context) ([]byte, error) {
	skey, vkey, err := note.GenerateKey(rand.Reader, KeyName)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(s.keyPath()), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(s.keyPath(), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return os.ReadFile(s.keyPath()) // another process made it first
	}
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(skey + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.tx(ctx, func(tx *sql.Tx) error {
			_, err := s.appendEntry(ctx, tx, "workstation", "workstation.key", KeyName, map[string]any{"verifier": vkey})
			return err
		})
	}
	if err != nil {
		os.Remove(s.keyPath())
		return nil, err
	}
	return []byte(skey), nil
}

// verifierKey is the verifier key the ledger recorded for the workstation's
// signing key (the newest workstation.key entry).
func (s *Store) verifierKey(ctx context.Context) (string, error) {
	es, err := s.queryLedger(ctx, LedgerFilter{ActionPrefix: "workstation.key", Actor: "workstation", Newest: true, Limit: 1})
	if err != nil {
		return "", err
	}
	if len(es) == 0 {
		return "", fmt.Errorf("store: the ledger has no workstation.key entry for %s", s.keyPath())
	}
	var d struct {
		Verifier string `json:"verifier"`
	}
	if err := json.Unmarshal(es[0].Details, &d); err != nil || d.Verifier == "" {
		return "", fmt.Errorf("store: workstation.key entry %d: no verifier key", es[0].Seq)
	}
	return d.Verifier, nil
}

// FormatCheckpoint is the text the workstation signs for a tree head: its
// origin, its size and its root in base64, a line each (the form of a
// transparency-log checkpoint).
func FormatCheckpoint(h TreeHead) string {
	return fmt.Sprintf("%s\n%d\n%s\n", CheckpointOrigin, h.Size, base64.StdEncoding.EncodeToString(h.Root[:]))
}

// Checkpoint signs the tree head h with the workstation's key. It returns
// the signed note and the verifier key that checks it.
func (s *Store) Checkpoint(ctx context.Context, h TreeHead) (signed []byte, verifier string, err error) {
	signer, vkey, err := s.signer(ctx)
	if err != nil {
		return nil, "", err
	}
	signed, err = note.Sign(&note.Note{Text: FormatCheckpoint(h)}, signer)
	if err != nil {
		return nil, "", fmt.Errorf("store: sign checkpoint: %w", err)
	}
	return signed, vkey, nil
}

// Checkpoint signs the tree head the attempt's discs carry (see Evidence).
func (run *ExportRun) Checkpoint(ctx context.Context, h TreeHead) ([]byte, string, error) {
	return run.sess.st.Checkpoint(ctx, h)
}
