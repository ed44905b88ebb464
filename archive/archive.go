package archive

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"evidock/digest"
	"evidock/pagecache"
)

// Archive is the write-once, content-addressed file store:
// <root>/sha256/ab/cd/<hex>. Files enter through a temp file in <root>/tmp,
// are verified by re-reading, renamed into place and made read-only. Nothing
// here overwrites or edits an archived file.
type Archive struct {
	root string
}

// ErrDiskFull is returned when the archive's disk has no room left.
var ErrDiskFull = errors.New("archive disk is full")

func Open(root string) (*Archive, error) {
	for _, d := range []string{root, filepath.Join(root, "sha256"), filepath.Join(root, "tmp")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("store: archive: %w", err)
		}
	}
	return &Archive{root: root}, nil
}

// Root is the archive's folder.
func (a *Archive) Root() string { return a.root }

// RelPath is where content with the given SHA-256 (hex) lives, relative to
// the data folder.
func RelPath(sha256hex string) string {
	return filepath.ToSlash(filepath.Join("archive", "sha256", sha256hex[0:2], sha256hex[2:4], sha256hex))
}

// Path is the absolute path of content with the given SHA-256 (hex).
func (a *Archive) Path(sha256hex string) string {
	return filepath.Join(a.root, "sha256", sha256hex[0:2], sha256hex[2:4], sha256hex)
}

// CreateTemp makes a temp file for an incoming recording. owner names the
// import it belongs to, so that a crashed import's leftovers can be told
// from those of an import still running in another process.
func (a *Archive) CreateTemp(owner string) (*TempFile, error) {
	f, err := os.CreateTemp(filepath.Join(a.root, "tmp"), owner+".*")
	if err != nil {
		return nil, fmt.Errorf("store: archive temp: %w", MarkDiskFull(err))
	}
	return &TempFile{File: f}, nil
}

// RemoveTemps removes the temp files of owner.
func (a *Archive) RemoveTemps(owner string) error {
	matches, err := filepath.Glob(filepath.Join(a.root, "tmp", owner+".*"))
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range matches {
		if err := os.Remove(m); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Seal makes the written temp file durable and proves it holds what was
// written: fsync, drop it from the page cache, read it back from the disk
// and hand the bytes to want (the chunk checksums taken while writing, see
// digest.Chunks, or the SHA-256). The SHA-256 and SM3 were computed from
// the same source bytes as the checksums, so a matching read-back means the
// archived copy has those hashes too. The file is closed either way.
func (a *Archive) Seal(f *TempFile, want digest.Readback, size int64) error {
	defer f.Close()
	if err := f.fillHoleAtEnd(); err != nil {
		return fmt.Errorf("store: archive: %w", MarkDiskFull(err))
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("store: archive fsync: %w", MarkDiskFull(err))
	}
	pagecache.Forget(f.File, 0, 0)
	// Read it back from the disk itself where the OS allows (O_DIRECT: proof
	// of what is on the disk, and no refilling of the page cache), else
	// through the cache that was just emptied.
	n, err := int64(0), errors.ErrUnsupported
	if rf, buf := openUncached(f.Name()); rf != nil {
		n, err = reread(want, rf, buf)
		rf.Close()
		releaseUncached(buf)
	}
	if errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EINVAL) {
		if n > 0 {
			return fmt.Errorf("store: archive re-read of %s failed part-way: %w", f.Name(), err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("store: archive re-read: %w", err)
		}
		n, err = reread(want, f.File, make([]byte, digest.ChunkSize))
	}
	if err != nil {
		return fmt.Errorf("store: archive re-read: %w", err)
	}
	if n != size || !want.Match() {
		return fmt.Errorf("store: archive re-read of %s: %d bytes read back, %d written, and they differ: %w",
			f.Name(), n, size, ErrCopyMismatch)
	}
	return nil
}

// reread hashes f from its current offset to its end, reading into buf
// (which an O_DIRECT file needs aligned; io.Copy would use its own).
func reread(h io.Writer, f *os.File, buf []byte) (int64, error) {
	var n int64
	for {
		k, err := f.Read(buf)
		h.Write(buf[:k])
		n += int64(k)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// ErrCopyMismatch means the archived copy did not read back as written.
var ErrCopyMismatch = errors.New("archived copy does not match the recording")

// Install moves a sealed temp file into its content address, read-only, and
// makes the rename durable. When the content is already there (an earlier
// import, or one that died after its rename), the existing file is checked
// and the temp file removed; existed reports that case.
func (a *Archive) Install(tmpPath string, sum digest.Sum) (existed bool, err error) {
	hexSum := sum.SHA256Hex()
	final := a.Path(hexSum)
	if _, err := os.Stat(final); err == nil {
		os.Remove(tmpPath)
		got, _, err := digest.File(final)
		if err != nil {
			return true, fmt.Errorf("store: check archived %s: %w", hexSum, err)
		}
		if got.SHA256 != sum.SHA256 {
			return true, fmt.Errorf("store: archived %s does not match its name: %w", hexSum, ErrCopyMismatch)
		}
		return true, nil
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return false, fmt.Errorf("store: archive folder: %w", MarkDiskFull(err))
	}
	if err := os.Chmod(tmpPath, 0o444); err != nil {
		return false, fmt.Errorf("store: archive read-only: %w", err)
	}
	if err := os.Rename(tmpPath, final); err != nil {
		return false, fmt.Errorf("store: archive rename: %w", MarkDiskFull(err))
	}
	for d := dir; strings.HasPrefix(d, a.root); d = filepath.Dir(d) {
		if err := SyncDir(d); err != nil {
			return false, fmt.Errorf("store: archive fsync folder: %w", MarkDiskFull(err))
		}
		if d == filepath.Join(a.root, "sha256") {
			break
		}
	}
	return false, nil
}

// Remove deletes an archived file. Only recovery of an uncommitted import
// and an approved purge call it.
func (a *Archive) Remove(sha256hex string) error {
	p := a.Path(sha256hex)
	os.Chmod(p, 0o644)
	if err := os.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// Never installed (the process died before the rename, perhaps
			// before its folder was made): nothing to undo or make durable.
			return nil
		}
		return fmt.Errorf("store: archive remove: %w", err)
	}
	if err := SyncDir(filepath.Dir(p)); err != nil {
		return fmt.Errorf("store: archive remove: %w", err)
	}
	return nil
}

// Walk calls fn with the SHA-256 (hex) of every file in the archive.
func (a *Archive) Walk(fn func(sha256hex, path string) error) error {
	return filepath.WalkDir(filepath.Join(a.root, "sha256"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := d.Name()
		if _, err := hex.DecodeString(name); err != nil || len(name) != 64 {
			return fn("", p)
		}
		return fn(name, p)
	})
}

func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// IsDiskFull reports whether err means the disk has no room left: an error
// marked ErrDiskFull here, or the system's own ENOSPC (or EDQUOT) from a
// write to a temp file made by CreateTemp.
func IsDiskFull(err error) bool { return errors.Is(err, ErrDiskFull) || isDiskFull(err) }

// MarkDiskFull marks ENOSPC (and EDQUOT) as ErrDiskFull, keeping the original.
func MarkDiskFull(err error) error {
	if isDiskFull(err) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}
