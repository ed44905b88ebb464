package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// A recorder's file system is outside input: its names may be any bytes, and
// it may hold links out of the volume, named pipes that block whoever opens
// them, device nodes without end, and trees a thousand folders deep.
// VolumeFS opens a volume so that none of this can lead evidock out of it or
// hold it up: every open goes through an os.Root (a link can never resolve
// outside the volume), never blocks (non-blocking open), and hands back only
// regular files.

// VolumeFS is a recorder's volume, opened safely. It implements fs.FS with
// the volume's raw names (File.Raw), which need not be UTF-8.
type VolumeFS struct {
	root *os.Root
	dir  string
}

// OpenVolume opens the folder or mount point dir as a volume.
func OpenVolume(dir string) (*VolumeFS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("ingest: open %s: %w", dir, err)
	}
	return &VolumeFS{root: r, dir: dir}, nil
}

// Close closes the volume.
func (v *VolumeFS) Close() error { return v.root.Close() }

// Dir is the volume's mount point or folder.
func (v *VolumeFS) Dir() string { return v.dir }

// ErrNotRegular means an entry is not a regular file (a pipe, socket, device
// or folder) and is not read.
var ErrNotRegular = errors.New("not a regular file")

// Open opens the regular file or folder at the slash-separated raw path
// name. It never blocks on a pipe, never opens a device or socket, and
// never follows a link out of the volume.
func (v *VolumeFS) Open(name string) (fs.File, error) {
	if !validRaw(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := v.root.OpenFile(name, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return f, nil
}

// readDir lists a folder of the volume (raw path) without following links.
func (v *VolumeFS) readDir(name string) ([]fs.DirEntry, error) {
	f, err := v.root.OpenFile(name, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	return f.ReadDir(-1)
}

// validRaw accepts a relative, slash-separated path without empty, "." or
// ".." elements; unlike fs.ValidPath it takes any bytes in the names.
func validRaw(name string) bool {
	if name == "." {
		return true
	}
	if name == "" || strings.HasPrefix(name, "/") {
		return false
	}
	for _, e := range strings.Split(name, "/") {
		if e == "" || e == "." || e == ".." {
			return false
		}
	}
	return true
}

// ShowName is a raw name as evidock records and shows it: valid UTF-8 as it
// is, every byte that is not as \xNN, so that two different names never
// read the same and nothing is lost.
func ShowName(raw string) string {
	if utf8.ValidString(raw) && !strings.Contains(raw, `\x`) {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRuneInString(raw[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, raw[i])
		case r == '\\' && strings.HasPrefix(raw[i:], `\x`):
			b.WriteString(`\x5c`) // a literal backslash before x, escaped so it cannot pass for an escape
		default:
			b.WriteString(raw[i : i+n])
		}
		i += n
	}
	return b.String()
}

// entryTime is an entry's modification time, zero when it cannot be read.
func entryTime(d fs.DirEntry) (time.Time, int64, error) {
	info, err := d.Info()
	if err != nil {
		return time.Time{}, 0, err
	}
	return info.ModTime(), info.Size(), nil
}

// joinRaw joins a raw folder path and an entry name.
func joinRaw(dir, name string) string {
	if dir == "." {
		return name
	}
	return path.Join(dir, name)
}
