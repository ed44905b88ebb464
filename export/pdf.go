package export

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"evidock/assets"

	"github.com/go-pdf/fpdf"
)

// descriptionData is everything 说明.pdf shows.
type descriptionData struct {
	Desc        Description
	Items       []Item
	Disc, Discs int
	Evidence    Evidence
}

// page geometry in millimetres (A4 portrait).
const (
	pageMargin = 15.0
	bodyWidth  = 180.0
	lineH      = 5.5
	cjkFont    = "cjk"
	monoFont   = "Courier"
)

// writeDescription renders the printable description 说明.pdf. It renders
// twice: the first pass counts the pages for "共 N 页".
func writeDescription(d descriptionData) (_ []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // fpdf panics on some input
			err = fmt.Errorf("render %s: %v", DescriptionFile, r)
		}
	}()
	first := newDescriptionPDF(d, 0)
	if err := first.Error(); err != nil {
		return nil, fmt.Errorf("render %s: %w", DescriptionFile, err)
	}
	var buf bytes.Buffer
	if err := newDescriptionPDF(d, first.PageCount()).Output(&buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", DescriptionFile, err)
	}
	return buf.Bytes(), nil
}

func newDescriptionPDF(d descriptionData, totalPages int) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pageMargin, pageMargin, pageMargin)
	pdf.SetAutoPageBreak(false, 20)
	pdf.AddUTF8FontFromBytes(cjkFont, "", assets.CJKFont)
	pdf.SetTitle(printable("执法音像证据提取说明 "+d.Desc.CaseNumber), true)
	pdf.SetSubject(printable(d.Desc.CaseName), true)
	pdf.SetAuthor(printable(d.Desc.Maker), true)
	pdf.SetCreator("evidock", true)
	ts := newTypesetter(pdf)
	pdf.SetFooterFunc(func() {
		pdf.SetXY(pageMargin, -14)
		text := fmt.Sprintf("案件编号 %s　第 %d 页", d.Desc.CaseNumber, pdf.PageNo())
		if totalPages > 0 {
			text += fmt.Sprintf("，共 %d 页", totalPages)
		}
		ts.with(8, false).line(text, bodyWidth, 5, "C")
	})
	pdf.AddPage()
	drawHeader(ts, d)
	drawItems(ts, d.Items)
	drawClosing(ts, d)
	return pdf
}

// drawHeader draws the title and the description's fields.
func drawHeader(ts *typesetter, d descriptionData) {
	pdf := ts.pdf
	ts.with(18, false).line("执法音像证据提取说明", bodyWidth, 10, "C")
	pdf.Ln(10)
	if d.Discs > 1 {
		ts.with(12, false).line(fmt.Sprintf("（第 %d/%d 张）", d.Disc, d.Discs), bodyWidth, 7, "C")
		pdf.Ln(7)
	}
	pdf.Ln(3)
	content := strings.TrimSpace(d.Desc.Content)
	if content == "" {
		content = "（未填写）"
	}
	fields := []struct{ label, value string }{
		{"案件编号", d.Desc.CaseNumber},
		{"案件名称", d.Desc.CaseName},
		{"制作单位", d.Desc.Organization},
		{"制作人", d.Desc.Maker},
		{"提取人", d.Desc.Extractor},
		{"提取时间", formatTime(d.Desc.ExtractedAt)},
		{"光盘", fmt.Sprintf("第 %d/%d 张，本张 %d 个文件", d.Disc, d.Discs, len(d.Items))},
	}
	for _, f := range fields {
		row(ts, []cell{{w: 28, text: f.label, fill: true}, {w: bodyWidth - 28, text: f.value}}, 10)
	}
	contentRow := []cell{{w: 28, text: "内容说明", fill: true}, {w: bodyWidth - 28, text: content}}
	if rowHeight(ts, contentRow, 10) < 120 {
		row(ts, contentRow, 10)
	} else { // too long for a table cell: a paragraph that may span pages
		row(ts, []cell{{w: bodyWidth, text: "内容说明", fill: true}}, 10)
		pdf.Ln(1)
		ts.with(10, false).para(content, lineH)
	}
	pdf.Ln(4)
}

// itemColumns are the widths of the recording table's columns.
var itemColumns = []float64{10, 78, 37, 20, 35}

func itemHeaderRow(ts *typesetter) {
	titles := []string{"序号", "文件名 / 执法人员 / 设备", "录制时间", "时长", "大小"}
	cells := make([]cell, len(titles))
	for i, t := range titles {
		cells[i] = cell{w: itemColumns[i], text: t, fill: true, align: "C"}
	}
	row(ts, cells, 9)
}

// drawItems draws one block per recording: a row of its particulars and two
// rows with its SHA-256 and SM3 in a monospace font. A block is never split
// across pages.
func drawItems(ts *typesetter, items []Item) {
	pdf := ts.pdf
	if needPage(pdf, 40) {
		pdf.AddPage()
	}
	ts.with(12, false).line("录音录像文件清单", bodyWidth, 8, "L")
	pdf.Ln(8)
	itemHeaderRow(ts)
	for i, it := range items {
		who := strings.Join(nonEmpty("执法人员："+it.Officer, it.Officer, "设备："+it.Device, it.Device), "　")
		name := it.Name
		if who != "" {
			name += "\n" + who
		}
		first := []cell{
			{w: itemColumns[0], text: fmt.Sprint(i + 1), align: "C"},
			{w: itemColumns[1], text: name},
			{w: itemColumns[2], text: formatTime(it.RecordedAt)},
			{w: itemColumns[3], text: formatDuration(it.Duration), align: "R"},
			{w: itemColumns[4], text: sizeText(it.Size), align: "R"},
		}
		hashRows := [][]cell{
			{{w: 22, text: "SHA-256"}, {w: bodyWidth - 22, text: strings.ToLower(it.SHA256), mono: true}},
			{{w: 22, text: "SM3"}, {w: bodyWidth - 22, text: strings.ToLower(it.SM3), mono: true}},
		}
		h := rowHeight(ts, first, 9) + rowHeight(ts, hashRows[0], 9) + rowHeight(ts, hashRows[1], 9)
		if needPage(pdf, h) {
			pdf.AddPage()
			itemHeaderRow(ts)
		}
		row(ts, first, 9)
		row(ts, hashRows[0], 9)
		row(ts, hashRows[1], 9)
	}
}

// drawClosing draws the totals, how to check the disc, and the signature lines.
func drawClosing(ts *typesetter, d descriptionData) {
	pdf := ts.pdf
	var total int64
	for _, it := range d.Items {
		total += it.Size
	}
	lines := []string{
		fmt.Sprintf("合计：本张光盘共 %d 个录音录像文件，共 %s。", len(d.Items), totalText(total)),
		"校验：data 目录下每个文件的 SHA-256（FIPS 180-4）与 SM3（GB/T 32905-2016）校验值见上表及 manifest-sha256.txt、manifest-sm3.txt；本说明及其他清单文件的校验值见 tagmanifest-sha256.txt、tagmanifest-sm3.txt。",
		fmt.Sprintf("台账：每个文件的导入记录及其默克尔树包含证明见 ledger/proofs.json；台账树共 %d 条，根哈希 %s。", d.Evidence.TreeSize, base64.StdEncoding.EncodeToString(d.Evidence.Root[:])),
	}
	body := ts.with(10, false)
	h := 3 + 10 + 3*12.0 // space, signature lines
	for _, l := range lines {
		h += float64(len(body.wrap(l, bodyWidth-2*pdf.GetCellMargin())))*lineH + 1
	}
	if needPage(pdf, h) {
		pdf.AddPage()
	}
	pdf.Ln(3)
	for _, l := range lines {
		body.para(l, lineH)
		pdf.Ln(1)
	}
	pdf.Ln(10)
	for _, s := range []string{"制作人签名：", "提取人签名：", "日期："} {
		pdf.SetX(pageMargin)
		ts.with(11, false).line(s, 28, 10, "L")
		x, y := pdf.GetXY()
		pdf.Line(x, y+8, x+70, y+8)
		pdf.Ln(12)
	}
}

// cell is one cell of a table row.
type cell struct {
	w     float64
	text  string
	mono  bool // the monospace font, for hashes
	fill  bool // grey background, for labels
	align string
}

// cellLines wraps a cell's text to its width.
func cellLines(ts *typesetter, c cell, size float64) []string {
	return ts.with(size, c.mono).wrap(c.text, c.w-2*ts.pdf.GetCellMargin())
}

func rowLineHeight(size float64) float64 { return size * 0.5 }

func rowHeight(ts *typesetter, cells []cell, size float64) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(cellLines(ts, c, size)))
	}
	return float64(n)*rowLineHeight(size) + 2
}

func needPage(pdf *fpdf.Fpdf, h float64) bool {
	_, pageH := pdf.GetPageSize()
	return pdf.GetY()+h > pageH-20
}

// row draws cells side by side with borders, wrapping text; all cells get
// the height of the tallest. A row taller than a page is cut at the page end.
func row(ts *typesetter, cells []cell, size float64) {
	pdf := ts.pdf
	h := rowHeight(ts, cells, size)
	if needPage(pdf, h) {
		pdf.AddPage()
	}
	x0, y0 := pageMargin, pdf.GetY()
	x := x0
	pdf.SetFillColor(235, 235, 235)
	for _, c := range cells {
		style := "D"
		if c.fill {
			style = "FD"
		}
		pdf.Rect(x, y0, c.w, h, style)
		align := c.align
		if align == "" {
			align = "L"
		}
		for i, l := range cellLines(ts, c, size) {
			pdf.SetXY(x, y0+1+float64(i)*rowLineHeight(size))
			ts.with(size, c.mono).line(l, c.w, rowLineHeight(size), align)
		}
		x += c.w
	}
	pdf.SetXY(x0, y0+h)
}

// nonEmpty returns the labelled texts whose values are not empty; args come
// in (text, value) pairs.
func nonEmpty(args ...string) []string {
	var out []string
	for i := 0; i+1 < len(args); i += 2 {
		if strings.TrimSpace(args[i+1]) != "" {
			out = append(out, args[i])
		}
	}
	return out
}

// formatTime shows t in its own location, or "—" when unknown.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02 15:04:05")
}

// formatDuration shows d as h:mm:ss or m:ss, or "—" when unknown.
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// sizeText shows a recording's size, with the exact byte count when the
// short form rounds.
func sizeText(n int64) string {
	if n < 1000 {
		return formatSize(n)
	}
	return formatSize(n) + "\n" + fmt.Sprintf("%d 字节", n)
}

// totalText shows a total size, with the exact byte count when the short
// form rounds.
func totalText(n int64) string {
	if n < 1000 {
		return formatSize(n)
	}
	return fmt.Sprintf("%s（%d 字节）", formatSize(n), n)
}

// formatSize shows n bytes in decimal units, as disc sizes are printed.
func formatSize(n int64) string {
	units := []string{"字节", "KB", "MB", "GB", "TB"}
	if n < 1000 {
		return fmt.Sprintf("%d %s", n, units[0])
	}
	v := float64(n)
	i := 0
	for v >= 1000 && i < len(units)-1 {
		v /= 1000
		i++
	}
	return fmt.Sprintf("%.2f %s", v, units[i])
}
