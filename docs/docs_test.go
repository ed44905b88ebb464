// Package docs holds the project's documents; its tests keep them true.
package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// root is the repository, one folder up from docs.
const root = ".."

// packages lists the folders of the module that hold Go code other than
// tests, as import paths relative to the module ("store", "ingest/dock").
func packages(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "tools") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			if rel != "." && !slices.Contains(out, filepath.ToSlash(rel)) {
				out = append(out, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Every package of the tree has a row on the architecture page, and every
// package the page's table names exists: the page is the map a newcomer
// reads first.
func TestArchitectureNamesEveryPackage(t *testing.T) {
	page, err := os.ReadFile("ARCHITECTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9/]+)` \\|").FindAllStringSubmatch(string(page), -1) {
		rows[m[1]] = true
	}
	pkgs := packages(t)
	if len(pkgs) < 20 {
		t.Fatalf("found only %d packages: %v", len(pkgs), pkgs)
	}
	for _, p := range pkgs {
		if !rows[p] {
			t.Errorf("package %s is not on docs/ARCHITECTURE.md: add a row saying what it owns", p)
		}
	}
	for r := range rows {
		if !slices.Contains(pkgs, r) {
			t.Errorf("docs/ARCHITECTURE.md has a row for %s, which is not a package", r)
		}
	}
}

// Every relative link in the README and the documents leads to a file in
// the repository: a person who clones evidock has nothing outside it.
func TestLinksResolveInsideTheRepository(t *testing.T) {
	docs := []string{"README.md", "CONTRIBUTING.md"}
	mds, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	for _, m := range mds {
		rel, _ := filepath.Rel(root, m)
		docs = append(docs, rel)
	}
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	checked := 0
	for _, doc := range docs {
		b, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			p := filepath.Join(root, filepath.Dir(doc), target)
			if rel, err := filepath.Rel(root, p); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s links %s, outside the repository", doc, m[1])
				continue
			}
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s links %s, which does not exist", doc, m[1])
			}
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("only %d links checked", checked)
	}
}
