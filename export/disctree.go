package export

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// discTree is the content of a disc, an image or a folder, as the verifier
// reads it: regular files by slash-separated path relative to the bag.
type discTree interface {
	Files() []string // every regular file, sorted
	Has(name string) bool
	Open(name string) (io.ReadCloser, error)
	Problems() []Problem // what was found wrong while listing
	Close() error
}

// openTree opens path as a folder, or through xorriso as an image or drive.
func openTree(ctx context.Context, path string) (discTree, error) {
	if strings.HasPrefix(path, "stdio:") {
		return openImageTree(ctx, path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return openDirTree(path)
	}
	return openImageTree(ctx, path)
}

// dirTree is a bag in a folder or on a mounted disc.
type dirTree struct {
	root  string
	files []string
	set   map[string]bool
	probs []Problem
}

func openDirTree(root string) (*dirTree, error) {
	t := &dirTree{root: root, set: map[string]bool{}}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
		case d.Type().IsRegular():
			t.files = append(t.files, rel)
			t.set[rel] = true
		default:
			t.probs = append(t.probs, Problem{Path: rel, What: fmt.Sprintf("is not a regular file but a %s", d.Type())})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", root, err)
	}
	sort.Strings(t.files)
	return t, nil
}

func (t *dirTree) Files() []string      { return t.files }
func (t *dirTree) Has(name string) bool { return t.set[name] }
func (t *dirTree) Problems() []Problem  { return t.probs }
func (t *dirTree) Close() error         { return nil }

func (t *dirTree) Open(name string) (io.ReadCloser, error) {
	return os.Open(filepath.Join(t.root, filepath.FromSlash(name)))
}

// imageTree is a bag in an ISO 9660 image or on a disc in a drive, read in
// place: xorriso lists each file's extents and they are read straight from
// the image, without extracting anything.
type imageTree struct {
	f     *os.File
	files map[string][]extent
	names []string
	probs []Problem
}

func openImageTree(ctx context.Context, dev string) (*imageTree, error) {
	rr, err := listExtents(ctx, dev, false)
	if err != nil {
		return nil, err
	}
	joliet, err := listExtents(ctx, dev, true)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(strings.TrimPrefix(dev, "stdio:"))
	if err != nil {
		return nil, err
	}
	t := &imageTree{f: f, files: rr}
	for name := range rr {
		t.names = append(t.names, name)
	}
	sort.Strings(t.names)
	t.probs = compareJoliet(rr, joliet)
	return t, nil
}

// compareJoliet reports files that Windows, which reads the Joliet tree,
// would not see as the Rock Ridge tree shows them.
func compareJoliet(rr, joliet map[string][]extent) []Problem {
	var probs []Problem
	for name, ext := range rr {
		j, ok := joliet[name]
		switch {
		case !ok:
			probs = append(probs, Problem{Path: name, What: "is missing from the disc's Joliet tree, so Windows does not show it under this name"})
		case fmt.Sprint(j) != fmt.Sprint(ext):
			probs = append(probs, Problem{Path: name, What: "points to other data in the Joliet tree (read by Windows) than in the Rock Ridge tree"})
		}
	}
	for name := range joliet {
		if _, ok := rr[name]; !ok {
			probs = append(probs, Problem{Path: name, What: "is in the disc's Joliet tree (read by Windows) but not in its Rock Ridge tree"})
		}
	}
	return probs
}

func (t *imageTree) Files() []string      { return t.names }
func (t *imageTree) Problems() []Problem  { return t.probs }
func (t *imageTree) Close() error         { return t.f.Close() }
func (t *imageTree) Has(name string) bool { _, ok := t.files[name]; return ok }

func (t *imageTree) Open(name string) (io.ReadCloser, error) {
	ext, ok := t.files[name]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", name, fs.ErrNotExist)
	}
	readers := make([]io.Reader, len(ext))
	for i, e := range ext {
		readers[i] = io.NewSectionReader(t.f, e.LBA*sector, e.Size)
	}
	return io.NopCloser(io.MultiReader(readers...)), nil
}
