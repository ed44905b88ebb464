package export

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// Files of the workstation's signed checkpoint on a disc.
const (
	CheckpointFile  = "ledger/checkpoint.txt"   // the tree head, signed by the workstation
	VerifierKeyFile = "ledger/verifier-key.txt" // the key that checks the signature
)

// Checkpoint is the tree head a disc carries, signed by the workstation
// (golang.org/x/mod/sumdb/note, Ed25519), and the verifier key that checks
// it; the key is also in the workstation's ledger (workstation.key).
type Checkpoint struct {
	Signed   []byte // the signed note: origin, size and root, a line each, then the signature
	Verifier string // e.g. evidock-workstation+1a2b3c4d+AU...
}

// checkpointHead checks a signed checkpoint against its verifier key and
// returns the tree size and root it signs.
func checkpointHead(signed []byte, vkey string) (int64, []byte, error) {
	v, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", VerifierKeyFile, err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return 0, nil, fmt.Errorf("the signature does not verify with %s: %w", VerifierKeyFile, err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return 0, nil, fmt.Errorf("the signed text has %d lines, want origin, size and root", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return 0, nil, fmt.Errorf("tree size %q: %w", lines[1], err)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil {
		return 0, nil, fmt.Errorf("root %q: %w", lines[2], err)
	}
	return size, root, nil
}

// checkCheckpoint verifies a disc's signed checkpoint, when it carries one,
// and that it signs the tree head the proofs lead to.
func (v *verifier) checkCheckpoint() error {
	if !v.t.Has(CheckpointFile) {
		return nil
	}
	signed, ok1, err := v.readTag(CheckpointFile)
	if err != nil {
		return err
	}
	vkey, ok2, err := v.readTag(VerifierKeyFile)
	if err != nil {
		return err
	}
	head, ok3, err := v.readTag(TreeHeadFile)
	if err != nil || !ok1 || !ok2 || !ok3 {
		return err
	}
	size, root, err := checkpointHead(signed, string(vkey))
	if err != nil {
		v.problem(CheckpointFile, "%v", err)
		return nil
	}
	var th treeHeadJSON
	if err := json.Unmarshal(head, &th); err != nil {
		return nil // checkLedger names it
	}
	if size != th.Size || !bytes.Equal(root, th.Root) {
		v.problem(CheckpointFile, "signs a tree of %d entries with root %s, but %s says %d entries with root %s",
			size, base64.StdEncoding.EncodeToString(root), TreeHeadFile, th.Size, base64.StdEncoding.EncodeToString(th.Root))
	}
	return nil
}
