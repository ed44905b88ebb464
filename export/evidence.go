package export

import (
	"encoding/json"
	"errors"
	"evidock/ledger"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// Evidence is the ledger's testimony carried on a disc: the head of the
// ledger's Merkle tree (RFC 6962) and inclusion proofs of the entries that
// concern the disc, above all the recording.import entry of every recording.
type Evidence struct {
	TreeSize int64     // number of entries in the tree the proofs refer to
	Root     tlog.Hash // the tree's root hash
	Proofs   []ledger.Proof
	// Checkpoint, when set, is the tree head signed by the workstation;
	// the disc carries it (CheckpointFile, VerifierKeyFile).
	Checkpoint *Checkpoint
}

// Check verifies every proof against the tree head and returns all failures.
func (ev Evidence) Check() error {
	var errs []error
	if ev.TreeSize <= 0 {
		errs = append(errs, fmt.Errorf("ledger tree size %d is not positive", ev.TreeSize))
	}
	for _, p := range ev.Proofs {
		if err := p.Check(ev.TreeSize, ev.Root); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// importLeaf is what export reads of a ledger entry.
type importLeaf struct {
	Seq     int64  `json:"seq"`
	Action  string `json:"action"`
	Subject string `json:"subject"`
	Details struct {
		SHA256 string `json:"sha256"`
		SM3    string `json:"sm3"`
	} `json:"details"`
}

// hashKey identifies a recording by both its digests.
type hashKey struct{ sha256, sm3 string }

func itemKey(it Item) hashKey {
	return hashKey{strings.ToLower(it.SHA256), strings.ToLower(it.SM3)}
}

// importOf returns the recording hashes a leaf records the import of, if it
// is a recording.import entry.
func importOf(leaf []byte) (hashKey, bool) {
	var l importLeaf
	if json.Unmarshal(leaf, &l) != nil || l.Action != ImportAction || l.Details.SHA256 == "" || l.Details.SM3 == "" {
		return hashKey{}, false
	}
	return hashKey{strings.ToLower(l.Details.SHA256), strings.ToLower(l.Details.SM3)}, true
}

// Covering returns the evidence for a disc holding items: the tree head, the
// import entries of those items and every entry that is not an import (such
// as the approval of the export).
func (ev Evidence) Covering(items []Item) Evidence {
	want := make(map[hashKey]bool, len(items))
	for _, it := range items {
		want[itemKey(it)] = true
	}
	out := Evidence{TreeSize: ev.TreeSize, Root: ev.Root, Checkpoint: ev.Checkpoint}
	for _, p := range ev.Proofs {
		if k, ok := importOf(p.Leaf); !ok || want[k] {
			out.Proofs = append(out.Proofs, p)
		}
	}
	return out
}

// checkCovers verifies the proofs and that every item has an import entry
// among them.
func (ev Evidence) checkCovers(items []Item) error {
	if err := ev.Check(); err != nil {
		return fmt.Errorf("ledger evidence: %w", err)
	}
	have := make(map[hashKey]bool)
	for _, p := range ev.Proofs {
		if k, ok := importOf(p.Leaf); ok {
			have[k] = true
		}
	}
	for _, it := range items {
		if !have[itemKey(it)] {
			return fmt.Errorf("recording %q: no %s ledger entry with its SHA-256 and SM3 among the proofs", it.Name, ImportAction)
		}
	}
	return nil
}

// treeHeadJSON and proofJSON are the on-disc forms; []byte is base64 in JSON.
type treeHeadJSON struct {
	Size int64  `json:"size"`
	Root []byte `json:"root"`
}

type proofJSON struct {
	Seq   int64    `json:"seq"`
	Leaf  []byte   `json:"leaf"`
	Proof [][]byte `json:"proof"`
}

// marshal returns the contents of ledger/tree-head.json and ledger/proofs.json.
func (ev Evidence) marshal() (head, proofs []byte, err error) {
	head, err = json.MarshalIndent(treeHeadJSON{Size: ev.TreeSize, Root: ev.Root[:]}, "", "  ")
	if err != nil {
		return nil, nil, fmt.Errorf("encode tree head: %w", err)
	}
	list := make([]proofJSON, 0, len(ev.Proofs))
	for _, p := range ev.Proofs {
		pj := proofJSON{Seq: p.Seq, Leaf: p.Leaf, Proof: make([][]byte, len(p.Hashes))}
		for i, h := range p.Hashes {
			pj.Proof[i] = h[:]
		}
		list = append(list, pj)
	}
	proofs, err = json.MarshalIndent(list, "", "  ")
	if err != nil {
		return nil, nil, fmt.Errorf("encode proofs: %w", err)
	}
	return append(head, '\n'), append(proofs, '\n'), nil
}

// unmarshalEvidence reads the contents of ledger/tree-head.json and
// ledger/proofs.json.
func unmarshalEvidence(head, proofs []byte) (Evidence, error) {
	var th treeHeadJSON
	if err := json.Unmarshal(head, &th); err != nil {
		return Evidence{}, fmt.Errorf("%s: %w", TreeHeadFile, err)
	}
	if len(th.Root) != tlog.HashSize {
		return Evidence{}, fmt.Errorf("%s: root is %d bytes, want %d", TreeHeadFile, len(th.Root), tlog.HashSize)
	}
	ev := Evidence{TreeSize: th.Size}
	copy(ev.Root[:], th.Root)
	var list []proofJSON
	if err := json.Unmarshal(proofs, &list); err != nil {
		return Evidence{}, fmt.Errorf("%s: %w", ProofsFile, err)
	}
	for _, pj := range list {
		p := ledger.Proof{Seq: pj.Seq, Leaf: pj.Leaf, Hashes: make([]tlog.Hash, len(pj.Proof))}
		for i, h := range pj.Proof {
			if len(h) != tlog.HashSize {
				return Evidence{}, fmt.Errorf("%s: entry %d: proof hash %d is %d bytes, want %d", ProofsFile, pj.Seq, i, len(h), tlog.HashSize)
			}
			copy(p.Hashes[i][:], h)
		}
		ev.Proofs = append(ev.Proofs, p)
	}
	return ev, nil
}
