package volume

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// folderCandidates lists the folders directly under a FolderMode root; each
// counts as a volume, labelled with its name. A root that does not exist has
// none. Symbolic links are not followed.
func folderCandidates(root string) ([]candidate, error) {
	ents, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list folder root %s: %w", root, err)
	}
	var cands []candidate
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		p := filepath.Join(root, e.Name())
		cands = append(cands, candidate{
			st:    volState{ev: Event{Path: p, Label: e.Name()}},
			probe: true,
		})
	}
	return cands, nil
}
