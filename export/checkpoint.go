package export

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"evidock/ledger/checkpoint"
)

// Files of the workstation's signed checkpoint on a disc.
const (
	CheckpointFile  = "ledger/checkpoint.txt"   // the tree head, signed by the workstation
	VerifierKeyFile = "ledger/verifier-key.txt" // the key that checks the signature
)

// Checkpoint is the tree head a disc carries, signed by the workstation
// (package checkpoint: a C2SP signed note with an Ed25519 and an SM2
// signature), and the verifier keys that check it, one a line; the keys are
// also in the workstation's ledger (checkpoint.keys).
type Checkpoint struct {
	Signed   []byte // the signed note: origin, size and root, a line each, then the signatures
	Verifier string // the Ed25519 verifier key, then the SM2 one
}

// checkpointHead checks a signed checkpoint against the verifier keys on
// the disc (one a line: Ed25519, then SM2; every one must have signed) and
// returns the tree size and root it signs.
func checkpointHead(signed []byte, vkeys string) (int64, []byte, error) {
	var keys []string
	for _, l := range strings.Split(vkeys, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			keys = append(keys, l)
		}
	}
	if len(keys) == 0 {
		return 0, nil, fmt.Errorf("%s holds no key", VerifierKeyFile)
	}
	sc, err := checkpoint.Open(signed, keys...)
	if err != nil {
		return 0, nil, fmt.Errorf("the signature does not verify with %s: %w", VerifierKeyFile, err)
	}
	return sc.Size, sc.Root[:], nil
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
