package typeset

import (
	"fmt"
	"strings"
	"testing"

	"evidock/internal/pdfcheck"
)

func TestWrap(t *testing.T) {
	// Every wrapped line fits, and no character is lost.
	d := New(Page{}, Info{Title: "wrap"})
	for _, f := range []Font{{Size: 10}, {Size: 9, Mono: true}, {Size: 24}} {
		for _, s := range []string{
			"",
			"短",
			strings.Repeat("中文字符", 40),
			"张三_20261129_081502_DEV001.mp4 " + strings.Repeat("x", 300),
			"mixed 中英 text with spaces and 汉字 " + strings.Repeat("abc ", 50),
			"第一行\n第二行 second line",
		} {
			lines := d.Wrap(s, 60, f)
			for _, l := range lines {
				if w := d.Width(l, f); w > 60.01 && len([]rune(l)) > 1 {
					t.Errorf("%v: line %q is %.1f mm wide, more than 60", f, l, w)
				}
			}
			flat := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
			if got := flat(strings.Join(lines, "")); got != flat(s) {
				t.Errorf("Wrap(%q) lost text: %q", s, lines)
			}
		}
	}
}

func TestPrintable(t *testing.T) {
	if got := Printable("吉𠮷祥"); got != "吉[U+20BB7]祥" {
		t.Errorf("Printable = %q", got)
	}
	if got := runs("警号 J001（张三）— 2025"); len(got) != 4 || got[0].latin || !got[1].latin || got[2].latin || !got[3].latin {
		// 警号 | " J001" | （张三） | "— 2025" … the em dash goes with the Latin run
		t.Errorf("runs = %+v", got)
	}
}

// A document using every part — title, paragraph, fields, a table over
// several pages with its header repeated, signature lines, a landscape
// page and the 共 N 页 footer — comes out as a PDF whose text and pages
// poppler reads back.
func TestDocument(t *testing.T) {
	var rows [][]string
	for i := range 120 {
		rows = append(rows, []string{fmt.Sprint(i + 1), "张三（J001）", "20250303_0900.MP4", strings.Repeat("说明", i%7+1)})
	}
	pdf, err := Render(func(total int) *Doc {
		d := New(Page{}, Info{Title: "排版测试", Author: "测试"})
		d.Footer(func(page int) string { return fmt.Sprintf("排版测试　第 %d 页，共 %d 页", page, total) })
		d.AddPage()
		d.Title("执法音像记录排版测试", 18)
		d.Para("第一段：中文与 Latin text 混排，数字 2025-03-01 12:00:00，罕见字𠮷。"+strings.Repeat("很长的一段文字。", 30), 5.5, Font{Size: 10})
		d.Field("制作人", "李四", 28, 10)
		d.Field("SHA-256", strings.Repeat("ab", 32), 28, 9)
		d.Table(Table{Title: "清单", Header: []string{"序号", "执法人员", "文件名", "说明"}, Widths: []float64{1, 2, 3, 4}, Rows: rows,
			MaxRows: 100, More: "见 XLSX 报表"}, 9)
		d.Signatures([]string{"制作人签名：", "提取人签名：", "日期："}, 2)
		d.AddPageLandscape()
		d.Title("横向大字页", 36)
		return d
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := pdfcheck.Check(t, "typeset.pdf", pdf)
	if doc.Pages < 4 {
		t.Errorf("%d pages, want at least 4", doc.Pages)
	}
	doc.Contains(t, "执法音像记录排版测试", "Latin text 混排", "2025-03-01 12:00:00", "[U+20BB7]", "另有 20 条，见 XLSX 报表",
		"制作人签名：", fmt.Sprintf("第 %d 页，共 %d 页", doc.Pages, doc.Pages), "横向大字页", strings.Repeat("ab", 32))
	if got := strings.Count(pdfcheck.Flat(doc.Text), "序号执法人员文件名说明"); got < 2 {
		t.Errorf("the table header is shown %d times, want it repeated on each page", got)
	}
}

// Text that fpdf cannot handle is an error, not a crash.
func TestRenderRecovers(t *testing.T) {
	_, err := Render(func(int) *Doc {
		d := New(Page{}, Info{Title: "x"})
		d.AddPage()
		d.PDF().SetFont("no-such-font", "", 10)
		d.PDF().CellFormat(10, 10, "x", "", 0, "L", false, 0, "")
		return d
	})
	if err == nil {
		t.Error("a document with an undefined font rendered without error")
	}
}

// No wrapped line begins with closing punctuation.
func TestWrapKeepsPunctuationOffLineStarts(t *testing.T) {
	d := New(Page{}, Info{Title: "wrap"})
	f := Font{Size: 10}
	s := "您好，我们是江源区文广旅局执法人员张三、李四，为保护您的合法权益，监督我们的执法行为，本次执法全程录音录像。录制合计 15:00，中断 1 处。"
	for w := 20.0; w < 120; w += 1.7 {
		lines := d.Wrap(s, w, f)
		for i, l := range lines[1:] {
			if r := []rune(l); len(r) > 0 && strings.ContainsRune(noLineStart, r[0]) {
				t.Errorf("width %.1f: line %d starts with %q: %q", w, i+2, r[0], lines)
			}
		}
		for i, l := range lines[:len(lines)-1] {
			if strings.HasSuffix(l, "15:0") {
				t.Errorf("width %.1f: line %d splits a number: %q", w, i+1, lines)
			}
		}
		if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(s, " ", "") {
			t.Errorf("width %.1f: text lost: %q", w, lines)
		}
	}
}
