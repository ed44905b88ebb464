// Package typeset sets Chinese documents as PDF: the evidence description
// on a disc, the supervisor's report and the printed forms all go through
// it, so they share one way of drawing mixed Chinese and Latin text, tables,
// signature lines and page footers.
//
// The embedded CJK font (assets.CJKFont, Droid Sans Fallback) has no Latin
// glyphs, not even digits, so text is drawn in runs: characters of Latin-1
// and a few typographic marks in Helvetica (a standard PDF font), everything
// else in the CJK font, and hashes in Courier. fpdf handles only the Basic
// Multilingual Plane, so rarer ideographs are written as [U+XXXXX].
package typeset

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"

	"evidock/assets"
)

// Page describes a document's pages: size in millimetres and margin.
type Page struct {
	Landscape bool
	// Width and Height, when set, are a custom page size (a lanyard card)
	// in portrait terms; zero is A4.
	Width, Height float64
	Margin        float64 // zero is 15 mm
}

// Info is a document's metadata.
type Info struct {
	Title, Subject, Author string
}

// Doc is a PDF being set.
type Doc struct {
	pdf    *fpdf.Fpdf
	tr     func(string) string // UTF-8 to WinAnsi for the Latin fonts
	margin float64
	widths map[widthKey]float64 // rune widths at size 1
	footer func(page int) string
}

type widthKey struct {
	r    rune
	mono bool
}

const cjkFont = "cjk"

// New starts a document.
func New(p Page, info Info) *Doc {
	orient := "P"
	if p.Landscape {
		orient = "L"
	}
	size := fpdf.SizeType{Wd: p.Width, Ht: p.Height}
	sizeStr := ""
	if p.Width == 0 || p.Height == 0 {
		size, sizeStr = fpdf.SizeType{}, "A4"
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: orient, UnitStr: "mm", SizeStr: sizeStr, Size: size})
	if p.Margin == 0 {
		p.Margin = 15
	}
	pdf.SetMargins(p.Margin, p.Margin, p.Margin)
	pdf.SetAutoPageBreak(false, p.Margin)
	pdf.AddUTF8FontFromBytes(cjkFont, "", assets.CJKFont)
	pdf.SetTitle(Printable(info.Title), true)
	if info.Subject != "" {
		pdf.SetSubject(Printable(info.Subject), true)
	}
	if info.Author != "" {
		pdf.SetAuthor(Printable(info.Author), true)
	}
	pdf.SetCreator("evidock", true)
	d := &Doc{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor(""), margin: p.Margin, widths: map[widthKey]float64{}}
	pdf.SetFooterFunc(func() {
		if d.footer == nil {
			return
		}
		// A second line (a report's ledger checkpoint) goes under the
		// first, in smaller print, within the bottom margin.
		lines := strings.Split(d.footer(pdf.PageNo()), "\n")
		pdf.SetXY(d.margin, -d.margin+2-4*float64(len(lines)-1))
		for i, l := range lines {
			size := 8.0
			if i > 0 {
				size = 6.5
			}
			d.Line(l, d.BodyWidth(), 4, Font{Size: size}, "C")
			pdf.SetX(d.margin)
		}
	})
	return d
}

// Render sets a document with build twice: the first pass, with total 0,
// counts the pages, so that the second can say 共 N 页 in its footers.
// fpdf panics on some input; Render turns that into an error.
func Render(build func(total int) *Doc) (_ []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("typeset: %v", r)
		}
	}()
	first := build(0)
	if err := first.pdf.Error(); err != nil {
		return nil, fmt.Errorf("typeset: %w", err)
	}
	var buf bytes.Buffer
	if err := build(first.pdf.PageCount()).pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("typeset: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteTo writes the finished document to w.
func (d *Doc) WriteTo(w io.Writer) (n int64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("typeset: %v", r)
		}
	}()
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return 0, fmt.Errorf("typeset: %w", err)
	}
	return buf.WriteTo(w)
}

// PDF is the underlying document, for drawing shapes (charts, cut marks).
func (d *Doc) PDF() *fpdf.Fpdf { return d.pdf }

// Margin is the page margin in millimetres.
func (d *Doc) Margin() float64 { return d.margin }

// BodyWidth is the page width inside the margins.
func (d *Doc) BodyWidth() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*d.margin
}

// Footer sets the text at the foot of every page from its number; a second
// line, after a newline, is printed smaller under the first.
func (d *Doc) Footer(f func(page int) string) { d.footer = f }

// AddPage starts a page in the document's own size and orientation.
func (d *Doc) AddPage() { d.pdf.AddPage() }

// AddPageLandscape starts an A4 landscape page (a large-print sheet in a
// document of portrait pages).
func (d *Doc) AddPageLandscape() {
	d.pdf.AddPageFormat("L", fpdf.SizeType{Wd: 210, Ht: 297})
}

// NeedPage reports whether h millimetres no longer fit above the bottom
// margin (and the footer's line).
func (d *Doc) NeedPage(h float64) bool {
	_, ph := d.pdf.GetPageSize()
	return d.pdf.GetY()+h > ph-d.margin-5
}

// Ln moves down h millimetres to the left margin.
func (d *Doc) Ln(h float64) { d.pdf.Ln(h) }

// Y is the vertical position; SetY moves to y at the left margin.
func (d *Doc) Y() float64 { return d.pdf.GetY() }

// SetY moves to y at the left margin.
func (d *Doc) SetY(y float64) { d.pdf.SetXY(d.margin, y) }

// SetXY moves to x, y.
func (d *Doc) SetXY(x, y float64) { d.pdf.SetXY(x, y) }
