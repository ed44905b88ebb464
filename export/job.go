package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Job is one evidence export: the recordings, their description, the ledger
// evidence and the discs to put them on.
type Job struct {
	Items       []Item
	Description Description
	Evidence    Evidence // must prove the import of every item
	Medium      Medium
	// Capacity, if positive, is the disc size in bytes and overrides Medium
	// (for unusual media and for tests).
	Capacity int64
	// Progress, if not nil, gets the bytes copied so far and the total over
	// all discs.
	Progress func(done, total int64)
}

// Disc is one disc of an export, ready to burn.
type Disc struct {
	Number, Of int // disc Number of Of
	Bag        BagResult
	ISO        string // the image file
	VolumeID   string // its ISO 9660 volume ID, its secrecy level first when it has one
	Image      Hashes // the image's hashes: the disc hash for the ledger
}

// Export plans the discs for job and writes, for disc k, the bag folder
// outDir/disc-k and its image outDir/disc-k.iso. Each disc carries only the
// ledger proofs of its own recordings (and every proof that is not an
// import). outDir must not exist or be empty; on error it is left as it
// was found.
func Export(ctx context.Context, outDir string, job Job) ([]Disc, error) {
	capacity := job.Capacity
	if capacity <= 0 {
		c, err := job.Medium.Capacity()
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		capacity = c
	}
	plan, err := PlanBytes(job.Items, capacity)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := checkEmptyDir(outDir); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	_, statErr := os.Stat(outDir)
	created := statErr != nil
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	discs, err := exportDiscs(ctx, outDir, job, plan, capacity)
	if err != nil {
		if created {
			os.RemoveAll(outDir)
		} else {
			entries, _ := os.ReadDir(outDir)
			for _, e := range entries {
				os.RemoveAll(filepath.Join(outDir, e.Name()))
			}
		}
		return nil, fmt.Errorf("export: %w", err)
	}
	return discs, nil
}

func exportDiscs(ctx context.Context, outDir string, job Job, plan [][]Item, capacity int64) ([]Disc, error) {
	var total, before int64
	for _, it := range job.Items {
		total += it.Size
	}
	progress := job.Progress
	if progress == nil {
		progress = func(int64, int64) {}
	}
	base := VolumeID(job.Description.CaseNumber, job.Description.ExtractedAt)
	var discs []Disc
	for i, items := range plan {
		k, n := i+1, len(plan)
		dir := filepath.Join(outDir, fmt.Sprintf("disc-%d", k))
		offset := before
		bag, err := WriteBag(ctx, dir, items, job.Description, job.Evidence.Covering(items), k, n,
			func(done, _ int64) { progress(offset+done, total) })
		if err != nil {
			return nil, fmt.Errorf("disc %d of %d: %w", k, n, err)
		}
		for _, it := range items {
			before += it.Size
		}
		d := Disc{Number: k, Of: n, Bag: bag, ISO: dir + ".iso", VolumeID: LabelVolume(discLevel(items), discVolumeID(base, k, n))}
		if err := BuildISO(ctx, dir, d.ISO, d.VolumeID); err != nil {
			return nil, fmt.Errorf("disc %d of %d: %w", k, n, err)
		}
		if d.Image, err = ImageHash(d.ISO); err != nil {
			return nil, fmt.Errorf("disc %d of %d: %w", k, n, err)
		}
		if d.Image.Size > capacity {
			return nil, fmt.Errorf("disc %d of %d: the image is %d bytes, more than the %d the disc holds", k, n, d.Image.Size, capacity)
		}
		discs = append(discs, d)
	}
	return discs, nil
}
