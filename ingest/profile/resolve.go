package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// resolver finds paths on a volume case-insensitively, the way FAT volumes
// behave on Windows, even when the volume is mounted case-sensitively. It
// caches directory listings for the duration of one recognition.
type resolver struct {
	fsys fs.FS
	dirs map[string][]fs.DirEntry
}

// found is one existing path matched by a pattern.
type found struct {
	path string // real path on the volume
	dir  bool   // whether it is a folder
}

func newResolver(fsys fs.FS) *resolver {
	return &resolver{fsys: fsys, dirs: map[string][]fs.DirEntry{}}
}

// readDir lists dir, returning nil without error when it does not exist or is
// not a folder.
func (r *resolver) readDir(dir string) ([]fs.DirEntry, error) {
	if ents, ok := r.dirs[dir]; ok {
		return ents, nil
	}
	ents, err := fs.ReadDir(r.fsys, dir)
	if err != nil {
		// A missing folder is simply absent, but a missing root means the
		// volume is gone, which the caller must hear about.
		if dir != "." && (errors.Is(err, fs.ErrNotExist) || isNotDir(r.fsys, dir)) {
			ents = nil
		} else {
			return nil, fmt.Errorf("list %s: %w", dir, err)
		}
	}
	r.dirs[dir] = ents
	return ents, nil
}

// isNotDir reports whether name exists but is not a folder.
func isNotDir(fsys fs.FS, name string) bool {
	fi, err := fs.Stat(fsys, name)
	return err == nil && !fi.IsDir()
}

// hasMeta reports whether a path element holds glob characters.
func hasMeta(el string) bool { return strings.ContainsAny(el, "*?[") }

// glob returns the existing paths matching pattern, each element compared
// case-insensitively (literally, or with path.Match when it holds glob
// characters). Results come in directory order (sorted by name).
func (r *resolver) glob(pattern string) ([]found, error) {
	pattern = strings.TrimSuffix(pattern, "/")
	if pattern == "." || pattern == "" {
		return []found{{path: ".", dir: true}}, nil
	}
	cur := []found{{path: ".", dir: true}}
	for _, el := range strings.Split(pattern, "/") {
		lower := strings.ToLower(el)
		var next []found
		for _, c := range cur {
			if !c.dir {
				continue
			}
			ents, err := r.readDir(c.path)
			if err != nil {
				return nil, err
			}
			for _, e := range ents {
				var ok bool
				if hasMeta(el) {
					ok, _ = path.Match(lower, strings.ToLower(e.Name()))
				} else {
					ok = strings.EqualFold(el, e.Name())
				}
				if ok {
					next = append(next, found{path: path.Join(c.path, e.Name()), dir: e.IsDir()})
				}
			}
		}
		cur = next
		if len(cur) == 0 {
			break
		}
	}
	return cur, nil
}

// marker returns whether marker exists (a folder when it ends in "/", a file
// otherwise).
func (r *resolver) marker(marker string) (bool, error) {
	wantDir := strings.HasSuffix(marker, "/")
	fs, err := r.glob(marker)
	if err != nil {
		return false, fmt.Errorf("marker %s: %w", marker, err)
	}
	for _, f := range fs {
		if f.dir == wantDir {
			return true, nil
		}
	}
	return false, nil
}

// markerWeight is how specific a marker is: two points for each literal path
// element, one for each element with glob characters.
func markerWeight(marker string) int {
	w := 0
	for _, el := range strings.Split(strings.TrimSuffix(marker, "/"), "/") {
		if hasMeta(el) {
			w++
		} else {
			w += 2
		}
	}
	return w
}
