package export

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// BeginAction is the ledger action that opens an export attempt; its
// details list the recordings exported ("recordings": [{"sha256", "sm3",
// …}]). A disc made by Run carries its proof, and VerifyDisc then checks
// that every recording on the disc is one the entry lists.
const BeginAction = "export.begin"

// beginLeaf is what export reads of an export.begin entry.
type beginLeaf struct {
	Seq     int64  `json:"seq"`
	Action  string `json:"action"`
	Subject string `json:"subject"`
	Details struct {
		Recordings []struct {
			SHA256 string `json:"sha256"`
			SM3    string `json:"sm3"`
		} `json:"recordings"`
	} `json:"details"`
}

// exportOf returns the recordings an export.begin leaf lists, if it is one.
func exportOf(leaf []byte) (map[hashKey]bool, bool) {
	var l beginLeaf
	if json.Unmarshal(leaf, &l) != nil || l.Action != BeginAction {
		return nil, false
	}
	recs := map[hashKey]bool{}
	for _, r := range l.Details.Recordings {
		recs[hashKey{strings.ToLower(r.SHA256), strings.ToLower(r.SM3)}] = true
	}
	return recs, true
}

// checkExportEntries reports recordings on the disc that a proven
// export.begin entry on it does not list. Discs without such an entry (bags
// written by WriteBag alone) are not held to it.
func (v *verifier) checkExportEntries(begins []map[hashKey]bool) {
	if len(begins) == 0 {
		return
	}
	for p, h := range v.data {
		listed := false
		for _, b := range begins {
			listed = listed || b[hashKey{h.SHA256, h.SM3}]
		}
		if !listed {
			v.problem(p, "is not among the recordings of the %s ledger entry on the disc", BeginAction)
		}
	}
}

// ReadEvidence reads the ledger evidence a disc carries (ledger/tree-head.json
// and ledger/proofs.json) from anything VerifyDisc accepts, without checking
// it; VerifyDisc checks it. Callers that have the ledger use it to see that
// the disc's tree head is one the ledger recorded.
func ReadEvidence(ctx context.Context, path string) (Evidence, error) {
	t, err := openTree(ctx, path)
	if err != nil {
		return Evidence{}, fmt.Errorf("read evidence of %s: %w", path, err)
	}
	defer t.Close()
	v := &verifier{ctx: ctx, t: t}
	head, ok1, err := v.readTag(TreeHeadFile)
	if err != nil {
		return Evidence{}, fmt.Errorf("read evidence of %s: %w", path, err)
	}
	proofs, ok2, err := v.readTag(ProofsFile)
	if err != nil {
		return Evidence{}, fmt.Errorf("read evidence of %s: %w", path, err)
	}
	if !ok1 || !ok2 {
		return Evidence{}, fmt.Errorf("read evidence of %s: %s", path, v.probs[0])
	}
	ev, err := unmarshalEvidence(head, proofs)
	if err != nil {
		return Evidence{}, fmt.Errorf("read evidence of %s: %w", path, err)
	}
	if v.t.Has(CheckpointFile) {
		cp := &Checkpoint{}
		if cp.Signed, _, err = v.readTag(CheckpointFile); err != nil {
			return Evidence{}, fmt.Errorf("read evidence of %s: %w", path, err)
		}
		if v.t.Has(VerifierKeyFile) {
			key, _, err := v.readTag(VerifierKeyFile)
			if err != nil {
				return Evidence{}, fmt.Errorf("read evidence of %s: %w", path, err)
			}
			cp.Verifier = strings.TrimSpace(string(key))
		}
		ev.Checkpoint = cp
	}
	return ev, nil
}

// ExportSeq returns the sequence number of the export.begin entry among the
// proofs, or -1 when there is none.
func (ev Evidence) ExportSeq() int64 {
	for _, p := range ev.Proofs {
		if _, ok := exportOf(p.Leaf); ok {
			return p.Seq
		}
	}
	return -1
}
