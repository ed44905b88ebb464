package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// BagResult describes a bag WriteBag made.
type BagResult struct {
	Dir         string // the bag's folder
	Disc, Discs int    // this is disc Disc of Discs
	Files       int    // recordings in data/
	Bytes       int64  // their total size (the Payload-Oxum octets)
	// TagManifestSHA256 is the hex SHA-256 of tagmanifest-sha256.txt, which
	// pins the hash of every file in the bag; suitable for the ledger entry.
	TagManifestSHA256 string
}

// WriteBag writes the bag for disc number disc of discs into dir, which must
// not exist or be empty: it copies each item's SourcePath to data/<Name>
// while hashing it, and refuses, naming the item, when the copied bytes do
// not have the SHA-256, SM3 and size the archive recorded. It then writes the
// manifests, bag-info.txt, 说明.pdf, the ledger evidence and the tag
// manifests. ev must prove a recording.import entry for every item (see
// Evidence.Covering). progress, if not nil, is called with the bytes copied
// so far and the total. On error or cancellation nothing is left in dir.
func WriteBag(ctx context.Context, dir string, items []Item, d Description, ev Evidence, disc, discs int, progress func(done, total int64)) (BagResult, error) {
	if err := checkBagInput(items, d, disc, discs); err != nil {
		return BagResult{}, fmt.Errorf("write bag: %w", err)
	}
	if err := ev.checkCovers(items); err != nil {
		return BagResult{}, fmt.Errorf("write bag: %w", err)
	}
	if err := checkEmptyDir(dir); err != nil {
		return BagResult{}, fmt.Errorf("write bag: %w", err)
	}
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return BagResult{}, fmt.Errorf("write bag: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".partial-")
	if err != nil {
		return BagResult{}, fmt.Errorf("write bag: %w", err)
	}
	res, err := writeBagIn(ctx, tmp, items, d, ev, disc, discs, progress)
	if err == nil {
		err = os.Remove(dir) // an empty dir may be there; rename needs it gone
		if errors.Is(err, os.ErrNotExist) {
			err = nil
		}
		if err == nil {
			err = os.Chmod(tmp, 0o755) // MkdirTemp made it private
		}
		if err == nil {
			err = os.Rename(tmp, dir)
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		return BagResult{}, fmt.Errorf("write bag %s: %w", dir, err)
	}
	res.Dir = dir
	return res, syncDir(parent)
}

func checkBagInput(items []Item, d Description, disc, discs int) error {
	if len(items) == 0 {
		return errors.New("no recordings")
	}
	if discs < 1 || disc < 1 || disc > discs {
		return fmt.Errorf("disc %d of %d is not a disc number", disc, discs)
	}
	var missing []string
	for label, v := range map[string]string{"案件编号 (case number)": d.CaseNumber, "制作人 (maker)": d.Maker, "提取人 (extractor)": d.Extractor} {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, label)
		}
	}
	sort.Strings(missing)
	if d.ExtractedAt.IsZero() {
		missing = append(missing, "提取时间 (extraction time)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("the description lacks %s", strings.Join(missing, ", "))
	}
	for _, it := range items {
		if !isHex(it.SHA256, 64) || !isHex(it.SM3, 64) {
			return fmt.Errorf("recording %q: recorded SHA-256 %q or SM3 %q is not 64 hex digits", it.Name, it.SHA256, it.SM3)
		}
	}
	return checkNames(items)
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func checkEmptyDir(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); err != io.EOF {
		return fmt.Errorf("%s exists and is not an empty folder", dir)
	}
	return nil
}

// writeBagIn writes the whole bag into the fresh folder root.
func writeBagIn(ctx context.Context, root string, items []Item, d Description, ev Evidence, disc, discs int, progress func(done, total int64)) (BagResult, error) {
	if progress == nil {
		progress = func(int64, int64) {}
	}
	var total, done int64
	for _, it := range items {
		total += it.Size
	}
	progress(0, total)
	if err := os.Mkdir(filepath.Join(root, DataDir), 0o755); err != nil {
		return BagResult{}, err
	}
	sha := make(map[string]string, len(items))
	sm := make(map[string]string, len(items))
	for _, it := range items {
		h, err := copyItem(ctx, root, it, func(n int64) {
			done += n
			progress(done, total)
		})
		if err != nil {
			return BagResult{}, err
		}
		p := path.Join(DataDir, it.Name)
		sha[p], sm[p] = h.SHA256, h.SM3
	}
	head, proofs, err := ev.marshal()
	if err != nil {
		return BagResult{}, err
	}
	pdf, err := writeDescription(descriptionData{Desc: d, Items: items, Disc: disc, Discs: discs, Evidence: ev})
	if err != nil {
		return BagResult{}, err
	}
	tags := map[string][]byte{
		BagitFile:       []byte(bagitVersionHeader),
		BagInfoFile:     formatBagInfo(bagInfo(d, len(items), total, disc, discs)),
		ManifestSHA256:  formatManifest(sha),
		ManifestSM3:     formatManifest(sm),
		DescriptionFile: pdf,
		TreeHeadFile:    head,
		ProofsFile:      proofs,
	}
	if len(ev.Checkpoint) > 0 {
		tags[CheckpointFile] = ev.Checkpoint
	}
	tagSHA := make(map[string]string, len(tags))
	tagSM := make(map[string]string, len(tags))
	for name, b := range tags {
		if err := writeFileSync(filepath.Join(root, filepath.FromSlash(name)), b); err != nil {
			return BagResult{}, err
		}
		h := hashBytes(b)
		tagSHA[name], tagSM[name] = h.SHA256, h.SM3
	}
	tagManifest := formatManifest(tagSHA)
	if err := writeFileSync(filepath.Join(root, TagManifestSHA256), tagManifest); err != nil {
		return BagResult{}, err
	}
	if err := writeFileSync(filepath.Join(root, TagManifestSM3), formatManifest(tagSM)); err != nil {
		return BagResult{}, err
	}
	for _, sub := range []string{DataDir, "ledger", "."} {
		if err := syncDir(filepath.Join(root, sub)); err != nil {
			return BagResult{}, err
		}
	}
	sum := sha256.Sum256(tagManifest)
	return BagResult{Disc: disc, Discs: discs, Files: len(items), Bytes: total, TagManifestSHA256: hex.EncodeToString(sum[:])}, nil
}

// copyItem copies one recording into data/ while hashing it and refuses
// bytes that differ from what the archive recorded.
func copyItem(ctx context.Context, root string, it Item, step func(int64)) (Hashes, error) {
	src, err := os.Open(it.SourcePath)
	if err != nil {
		return Hashes{}, fmt.Errorf("recording %q: %w", it.Name, err)
	}
	defer src.Close()
	dstPath := filepath.Join(root, DataDir, it.Name)
	dst, err := os.OpenFile(dstPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return Hashes{}, fmt.Errorf("recording %q: %w", it.Name, err)
	}
	h, err := copyHashed(ctx, dst, src, step)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Hashes{}, fmt.Errorf("recording %q: copy %s: %w", it.Name, it.SourcePath, err)
	}
	var diffs []string
	if h.Size != it.Size {
		diffs = append(diffs, fmt.Sprintf("%d bytes instead of %d", h.Size, it.Size))
	}
	if !strings.EqualFold(h.SHA256, it.SHA256) {
		diffs = append(diffs, fmt.Sprintf("SHA-256 %s instead of %s", h.SHA256, strings.ToLower(it.SHA256)))
	}
	if !strings.EqualFold(h.SM3, it.SM3) {
		diffs = append(diffs, fmt.Sprintf("SM3 %s instead of %s", h.SM3, strings.ToLower(it.SM3)))
	}
	if len(diffs) > 0 {
		return Hashes{}, fmt.Errorf("recording %q: the archived copy %s has %s recorded at import; it was altered or damaged and is not exported",
			it.Name, it.SourcePath, strings.Join(diffs, " and "))
	}
	if !it.RecordedAt.IsZero() {
		if err := os.Chtimes(dstPath, it.RecordedAt, it.RecordedAt); err != nil {
			return Hashes{}, fmt.Errorf("recording %q: %w", it.Name, err)
		}
	}
	return h, nil
}

// bagInfo returns the fields of bag-info.txt.
func bagInfo(d Description, files int, bytes int64, disc, discs int) []infoField {
	fields := []infoField{
		{"Source-Organization", d.Organization},
		{"External-Identifier", d.CaseNumber},
		{"External-Description", d.Content},
		{"Bagging-Date", time.Now().Format("2006-01-02")},
		{"Payload-Oxum", fmt.Sprintf("%d.%d", bytes, files)},
		{"Bag-Count", fmt.Sprintf("%d of %d", disc, discs)},
		{"Bag-Group-Identifier", d.CaseNumber + " " + d.ExtractedAt.Format(time.RFC3339)},
		{"Bag-Software-Agent", "evidock"},
		{"Case-Name", d.CaseName},
		{"Maker", d.Maker},
		{"Extractor", d.Extractor},
		{"Extraction-Time", d.ExtractedAt.Format(time.RFC3339)},
		{"Disc", fmt.Sprintf("%d/%d", disc, discs)},
	}
	out := fields[:0]
	for _, f := range fields {
		if strings.TrimSpace(f.Value) != "" {
			out = append(out, f)
		}
	}
	return out
}

// writeFileSync creates name (and its folder) with b and flushes it to disk.
func writeFileSync(name string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// syncDir flushes a folder's entries to disk, where the OS allows it.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
