package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDescriptionPDF(t *testing.T) {
	needTool(t, "pdftotext")
	many := make([]int, 40)
	for i := range many {
		many[i] = 100 + i
	}
	tests := []struct {
		name      string
		sizes     []int
		content   string
		disc, of  int
		wantPages int // at least
	}{
		{"one recording", []int{1234}, "", 1, 1, 1},
		{"forty recordings over pages", many, "", 2, 3, 3},
		{"long content", []int{10, 20}, strings.Repeat("现场检查记录 inspection record 第12项；", 300), 1, 1, 3},
		{"long name", []int{10}, "", 1, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.sizes...)
			if tc.content != "" {
				f.desc.Content = tc.content
			}
			if tc.name == "long name" {
				f.items[0].Name = strings.Repeat("很长的文件名", 12) + "_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.mp4"
			}
			b, err := writeDescription(descriptionData{Desc: f.desc, Items: f.items, Disc: tc.disc, Discs: tc.of, Evidence: f.ev})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), DescriptionFile)
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			checkDescription(t, path, f.desc, f.items, tc.disc, tc.of)
			info, err := exec.Command("pdfinfo", path).Output()
			if err == nil {
				var pages int
				for _, l := range strings.Split(string(info), "\n") {
					if strings.HasPrefix(l, "Pages:") {
						pages = atoi(strings.TrimSpace(strings.TrimPrefix(l, "Pages:")))
					}
				}
				if pages < tc.wantPages {
					t.Errorf("%d pages, want at least %d", pages, tc.wantPages)
				}
				text := run(t, "pdftotext", path, "-")
				if !strings.Contains(text, "共 "+itoa(pages)+" 页") {
					t.Errorf("footer does not say 共 %d 页", pages)
				}
			}
		})
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
