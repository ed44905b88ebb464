package regulation

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docs/regulation.md quotes the regulation as embedded here, and every
// test it names as the proof of an article exists.
func TestRegulationDoc(t *testing.T) {
	doc, err := os.ReadFile("../docs/regulation.md")
	if err != nil {
		t.Fatal(err)
	}
	var quoted []string
	for _, l := range strings.Split(string(doc), "\n") {
		if l == ">" {
			quoted = append(quoted, "")
		} else if q, ok := strings.CutPrefix(l, "> "); ok {
			quoted = append(quoted, q)
		}
	}
	if got, want := strings.Join(quoted, "\n"), strings.Trim(Text, "\n"); got != want {
		t.Errorf("the regulation quoted in docs/regulation.md differs from regulation.zh.txt")
	}
	for n := 1; n <= 23; n++ {
		if n != 22 && !strings.Contains(string(doc), "| "+Numeral(n)) && !strings.Contains(string(doc), "、"+Numeral(n)+" |") {
			t.Errorf("第%s条 has no row in the table", Numeral(n))
		}
	}
	defined := map[string]map[string]bool{} // test name -> folders defining it
	decl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)\w+)\(`)
	filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(filepath.ToSlash(p), "../")))
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			if defined[m[1]] == nil {
				defined[m[1]] = map[string]bool{}
			}
			defined[m[1]][dir] = true
		}
		return nil
	})
	named := regexp.MustCompile("`((?:Test|Fuzz)\\w+)`").FindAllStringSubmatch(string(doc), -1)
	if len(named) < 40 {
		t.Errorf("only %d tests named", len(named))
	}
	for _, m := range named {
		if defined[m[1]] == nil {
			t.Errorf("docs/regulation.md names %s, which no test file defines", m[1])
		}
	}
	// A test cited under a package (`pkg`: `TestX`, `TestY`) is in that
	// package's folder, so a reader finds it where the page says.
	group := regexp.MustCompile("`([a-z][a-z0-9/]*)`: ((?:`(?:Test|Fuzz)\\w+`(?:, )?)+)")
	for _, g := range group.FindAllStringSubmatch(string(doc), -1) {
		for _, m := range regexp.MustCompile("`(\\w+)`").FindAllStringSubmatch(g[2], -1) {
			if dirs := defined[m[1]]; dirs != nil && !dirs[g[1]] {
				t.Errorf("docs/regulation.md cites %s under %s, but it is not defined there", m[1], g[1])
			}
		}
	}
}
