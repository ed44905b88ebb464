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
	defined := map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)\w+)\(`)
	filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			defined[m[1]] = true
		}
		return nil
	})
	named := regexp.MustCompile("`((?:Test|Fuzz)\\w+)`").FindAllStringSubmatch(string(doc), -1)
	if len(named) < 40 {
		t.Errorf("only %d tests named", len(named))
	}
	for _, m := range named {
		if !defined[m[1]] {
			t.Errorf("docs/regulation.md names %s, which no test file defines", m[1])
		}
	}
}
