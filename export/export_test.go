package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"evidock/internal/pdfcheck"
	"evidock/internal/typeset"
)

func TestExport(t *testing.T) {
	needTool(t, "xorriso")
	needTool(t, "pdftotext")
	tests := []struct {
		name      string
		sizes     []int
		capacity  int64
		wantDiscs []int // recordings per disc
	}{
		{"one CD", []int{40_000, 123_457, 1, 70_000}, 0, []int{4}},
		{"three discs", []int{50_000, 50_000, 50_000, 50_000, 30_000, 20_000},
			Reserve + 2*(50_000+perItemOverhead+sector), []int{2, 2, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.sizes...)
			out := filepath.Join(t.TempDir(), "export")
			var last, calls int64
			discs, err := Export(context.Background(), out, Job{
				Items: f.items, Description: f.desc, Evidence: f.ev, Medium: CD, Capacity: tc.capacity,
				Progress: func(done, total int64) {
					if done < last {
						t.Errorf("progress went back from %d to %d", last, done)
					}
					last = done
					calls++
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(discs) != len(tc.wantDiscs) {
				t.Fatalf("got %d discs, want %d", len(discs), len(tc.wantDiscs))
			}
			var total int64
			for _, it := range f.items {
				total += it.Size
			}
			if last != total || calls == 0 {
				t.Errorf("progress ended at %d after %d calls, want %d", last, calls, total)
			}
			next := 0
			for i, d := range discs {
				items := f.items[next : next+tc.wantDiscs[i]]
				next += tc.wantDiscs[i]
				if d.Number != i+1 || d.Of != len(discs) || d.Bag.Files != len(items) {
					t.Errorf("disc %d: got number %d of %d with %d files", i+1, d.Number, d.Of, d.Bag.Files)
				}
				for _, p := range []string{d.ISO, d.Bag.Dir} {
					rep, err := VerifyDisc(context.Background(), p)
					if err != nil {
						t.Fatal(err)
					}
					if !rep.OK || rep.Files != len(items) {
						t.Errorf("VerifyDisc(%s) = OK %v, %d files, problems %v; want OK with %d files", p, rep.OK, rep.Files, rep.Problems, len(items))
					}
				}
				checkDescription(t, filepath.Join(d.Bag.Dir, DescriptionFile), f.desc, items, d.Number, d.Of)
				checkISONames(t, d.ISO, items)
				info, err := os.ReadFile(filepath.Join(d.Bag.Dir, BagInfoFile))
				if err != nil {
					t.Fatal(err)
				}
				fields := parseBagInfo(info)
				if v, _ := infoValue(fields, "Disc"); v != strings.Join([]string{itoa(d.Number), itoa(d.Of)}, "/") {
					t.Errorf("bag-info Disc = %q", v)
				}
				if v, _ := infoValue(fields, "External-Identifier"); v != f.desc.CaseNumber {
					t.Errorf("bag-info External-Identifier = %q", v)
				}
				if v, _ := infoValue(fields, "External-Description"); v != f.desc.Content {
					t.Errorf("bag-info External-Description = %q, want %q", v, f.desc.Content)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkDescription checks the text pdftotext extracts from 说明.pdf.
func checkDescription(t *testing.T, pdf string, d Description, items []Item, disc, discs int) {
	t.Helper()
	// Without -layout, pdftotext keeps each table cell's lines together, so
	// wrapped names read whole once line breaks are removed. Every page is
	// rendered to PNG and must not be blank.
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfcheck.Check(t, fmt.Sprintf("说明-%d-%d-%d.pdf", len(items), disc, discs), b).Text
	flat := strings.Join(strings.Fields(text), "")
	want := []string{"执法音像证据提取说明", d.Maker, d.Extractor, formatTime(d.ExtractedAt),
		d.CaseNumber, d.CaseName, "制作人签名", "提取人签名", "日期", "第十五条"}
	if d.Approver != "" {
		want = append(want, "批准人及时间", d.Approver, formatTime(d.ApprovedAt), "调取事由", d.Purpose)
	}
	if discs > 1 {
		want = append(want, "第"+itoa(disc)+"/"+itoa(discs)+"张")
	}
	for _, it := range items {
		want = append(want, it.SHA256, it.SM3, typeset.Printable(it.Name))
		if it.OriginalName != "" {
			want = append(want, "原始文件名："+it.OriginalName)
		}
		if it.Officer != "" {
			want = append(want, "执法人员："+it.Officer)
		}
		if it.Device != "" {
			want = append(want, "记录仪："+it.Device)
		}
		if level := levelWord(it.Classification); level != "" {
			want = append(want, "密级："+level)
		}
	}
	// pdftotext may put the recording time between the lines of a wrapped
	// name in the next column; take the times out before looking for names.
	for _, it := range items {
		flat = strings.ReplaceAll(flat, strings.Join(strings.Fields(formatTime(it.RecordedAt)), ""), "")
	}
	for _, w := range want {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), "")) {
			t.Errorf("%s: pdftotext output lacks %q\n%s", pdf, w, text)
		}
	}
}

// checkISONames lists the image with xorriso and extracts it with osirrox:
// the Chinese names must survive both.
func checkISONames(t *testing.T, iso string, items []Item) {
	t.Helper()
	list := run(t, "xorriso", "-indev", iso, "-find", "/data", "-type", "f")
	dir := filepath.Join(t.TempDir(), "x")
	run(t, "osirrox", "-indev", iso, "-extract", "/data", dir)
	for _, it := range items {
		if !strings.Contains(list, "/data/"+it.Name) {
			t.Errorf("xorriso -find does not list %s:\n%s", it.Name, list)
		}
		if _, err := os.Stat(filepath.Join(dir, it.Name)); err != nil {
			t.Errorf("osirrox extraction: %v", err)
		}
	}
}
