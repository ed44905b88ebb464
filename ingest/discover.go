// Package ingest brings recordings from a recorder into the archive: it finds
// them, reads each byte once while hashing and writing it, has the store
// verify and commit each one, and reports progress and every problem.
package ingest

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"evidock/ingest/profile"
)

// Kind says whether name is a video, audio or photo recording, or "" when it
// is not a recording.
func Kind(name string) string { return profile.Kind(name) }

// skipDirs are folders operating systems put on removable volumes.
var skipDirs = map[string]bool{
	"system volume information": true, "$recycle.bin": true, ".trashes": true,
	".spotlight-v100": true, ".fseventsd": true, "lost+found": true,
}

// File is one recording found on a source.
type File struct {
	Path    string // slash-separated, relative to the source root, as shown and recorded (see ShowName)
	Raw     string // the path as the volume spells it, where that differs from Path (not UTF-8)
	Size    int64
	ModTime time.Time
	Kind    string
}

// OpenPath is the name to open the file by on its source.
func (f File) OpenPath() string {
	if f.Raw != "" {
		return f.Raw
	}
	return f.Path
}

// Discover lists the recordings under dirs of fsys (the whole volume when
// dirs is empty), largest first. Folders that cannot be read are returned as
// problems, never silently passed over.
func Discover(fsys fs.FS, dirs []string) ([]File, []Problem) {
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	var files []File
	var problems []Problem
	seen := map[string]bool{}
	for _, dir := range dirs {
		fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, Problem{Path: p, Err: fmt.Errorf("cannot read: %w", err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != dir && skipDirs[strings.ToLower(d.Name())] {
					return fs.SkipDir
				}
				return nil
			}
			kind := Kind(d.Name())
			if kind == "" || strings.HasPrefix(d.Name(), "._") || seen[p] {
				return nil
			}
			seen[p] = true
			info, err := d.Info()
			if err != nil {
				problems = append(problems, Problem{Path: p, Err: fmt.Errorf("cannot read: %w", err)})
				return nil
			}
			if !info.Mode().IsRegular() {
				return nil
			}
			files = append(files, File{Path: p, Size: info.Size(), ModTime: info.ModTime(), Kind: kind})
			return nil
		})
	}
	sort.SliceStable(files, func(i, j int) bool {
		if files[i].Size != files[j].Size {
			return files[i].Size > files[j].Size
		}
		return files[i].Path < files[j].Path
	})
	return files, problems
}

// Problem is a file that could not be imported, or was imported with a
// warning.
type Problem struct {
	Path    string
	Err     error
	Warning bool // imported, but worth a look (e.g. an empty file)
}

func (p Problem) Error() string { return p.Path + ": " + p.Err.Error() }
