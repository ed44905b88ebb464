package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// A file name carrying terminal escapes is printed as text, in tables and
// in JSON (where it still decodes to the very name).
func TestSafeOutput(t *testing.T) {
	name := "clip\x1b]0;pwned\x07\x1b[31m\u202e4pm.mp4\u009b2J\xff.mp4"
	var b bytes.Buffer
	w := &safeOutput{w: &b}
	w.Write([]byte("name:\t" + name[:7]))
	w.Write([]byte(name[7:] + "\n"))
	got := b.String()
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\u009b", "\xff"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q passed through: %q", bad, got)
		}
	}
	if !strings.Contains(got, `\u001b]0;pwned\u0007`) || !strings.Contains(got, `\xff`) || !strings.HasPrefix(got, "name:\t") {
		t.Errorf("shown as %q", got)
	}
	b.Reset()
	j, _ := json.Marshal(map[string]string{"n": "a\u202eb\u009bc"})
	w.Write(j)
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["n"] != "a\u202eb\u009bc" {
		t.Errorf("JSON %s decodes to %q (%v)", b.Bytes(), back["n"], err)
	}
}

func FuzzSafeOutput(f *testing.F) {
	f.Add([]byte("plain 中文 \x1b[2J\u202e"), 3)
	f.Fuzz(func(t *testing.T, p []byte, cut int) {
		var b bytes.Buffer
		w := &safeOutput{w: &b}
		if cut < 0 || cut > len(p) {
			cut = len(p) / 2
		}
		w.Write(p[:cut])
		w.Write(p[cut:])
		w.Write([]byte("\n"))
		for _, r := range b.String() {
			if unsafeRune(r) {
				t.Fatalf("%U passed through from %q", r, p)
			}
		}
	})
}
