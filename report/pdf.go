package report

import (
	"fmt"
	"io"
	"strings"

	"evidock/followups"
	"evidock/internal/typeset"
)

// PDFMaxRows is how many rows of one list the PDF shows; the XLSX and CSV
// reports have them all.
var PDFMaxRows = 300

// WritePDF writes the report as a printable PDF (A4 landscape), with the
// bar chart of the period after the open items.
func WritePDF(w io.Writer, r followups.Monthly) error { return writePDF(w, r, "") }

// writePDF writes the PDF; note, when not empty, is printed under every
// page's footer (the ledger checkpoint the report was made at).
func writePDF(w io.Writer, r followups.Monthly, note string) error {
	b, err := typeset.Render(func(total int) *typeset.Doc {
		d := typeset.New(typeset.Page{Landscape: true, Margin: 12}, typeset.Info{Title: Title + " " + period(r.Period)})
		d.Footer(func(page int) string {
			s := fmt.Sprintf("%s　%s　第 %d 页", Title, period(r.Period), page)
			if total > 0 {
				s += fmt.Sprintf("，共 %d 页", total)
			}
			if note != "" {
				s += "\n" + note
			}
			return s
		})
		d.AddPage()
		h := heading(r)
		d.Title(h[0], 18)
		d.Line(strings.Join(h[1:], "　　"), d.BodyWidth(), 6, typeset.Font{Size: 10}, "C")
		d.Ln(9)
		for i, t := range Tables(r) {
			d.Table(typeset.Table{Title: t.Title, Header: t.Header, Widths: t.Widths, Rows: t.Rows,
				MaxRows: PDFMaxRows, More: "见 XLSX 或 CSV 报表"}, 8.5)
			if i == 0 {
				drawChart(d, r)
			}
		}
		d.Signatures([]string{"督查人员签名：", "主管领导签名：", "日期："}, 3)
		return d
	})
	if err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	_, err = w.Write(b)
	return err
}
