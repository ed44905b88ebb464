package forms

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"evidock/internal/typeset"
	"evidock/regulation"
	"evidock/store"
)

// Lanyard card size (ID-1, as an ID card or a badge holder takes it), in
// millimetres, and how many fit on an A4 sheet.
const (
	CardWidth  = 85.6
	CardHeight = 54.0
	cardCols   = 2
	cardRows   = 4
)

// Card prints the announcement of Art. 8 (告知用语) with the officers' names
// in place of ×××: a sheet of eight lanyard cards to cut out, then an A4
// landscape page in large print for reading it aloud.
func Card(officers []store.Officer, printed time.Time) ([]byte, error) {
	if len(officers) == 0 {
		return nil, errors.New("forms: the announcement card needs at least one officer")
	}
	var names, who []string
	for _, o := range officers {
		names = append(names, o.Name)
		who = append(who, o.Name+" "+o.Number)
	}
	sentence := regulation.Announcement(names...)
	b, err := typeset.Render(func(total int) *typeset.Doc {
		d := typeset.New(typeset.Page{Margin: 10}, typeset.Info{Title: "执法告知用语 " + strings.Join(names, "、"), Subject: regulation.Title})
		d.Footer(func(page int) string {
			s := fmt.Sprintf("依据《%s》第八条　执法音像采集工作站打印于 %s　第 %d 页", regulation.Title, printed.Local().Format("2006-01-02 15:04"), page)
			if total > 0 {
				s += fmt.Sprintf("，共 %d 页", total)
			}
			return s
		})
		d.AddPage()
		d.Line("执法告知用语卡（沿虚线剪下，装入胸卡套）", d.BodyWidth(), 6, typeset.Font{Size: 10}, "C")
		cards(d, sentence, strings.Join(who, "　"))
		d.AddPageLandscape()
		large(d, sentence, who)
		return d
	})
	if err != nil {
		return nil, fmt.Errorf("forms: card: %w", err)
	}
	return b, nil
}

// cards draws the cut-out cards, two across and four down, with dashed cut
// lines.
func cards(d *typeset.Doc, sentence, who string) {
	pdf := d.PDF()
	pw, _ := pdf.GetPageSize()
	left := (pw - cardCols*CardWidth) / 2
	top := 22.0
	pdf.SetLineWidth(0.2)
	pdf.SetDashPattern([]float64{1.5, 1.5}, 0)
	for r := 0; r <= cardRows; r++ {
		y := top + float64(r)*CardHeight
		pdf.Line(left-5, y, left+cardCols*CardWidth+5, y)
	}
	for c := 0; c <= cardCols; c++ {
		x := left + float64(c)*CardWidth
		pdf.Line(x, top-5, x, top+cardRows*CardHeight+5)
	}
	pdf.SetDashPattern(nil, 0)
	const pad = 4.0
	w := CardWidth - 2*pad
	for r := 0; r < cardRows; r++ {
		for c := 0; c < cardCols; c++ {
			x, y := left+float64(c)*CardWidth+pad, top+float64(r)*CardHeight+pad
			d.SetXY(x, y)
			d.Line("执法告知用语", w, 6, typeset.Font{Size: 11}, "C")
			d.SetXY(x, y+7)
			for _, l := range d.Wrap(sentence, w-2, typeset.Font{Size: 10}) {
				d.SetXY(x, d.Y())
				d.Line(l, w, 5, typeset.Font{Size: 10}, "L")
				d.SetXY(x, d.Y()+5)
			}
			d.SetXY(x, y+CardHeight-2*pad-9)
			for _, l := range d.Wrap("执法人员："+who, w-2, typeset.Font{Size: 7.5}) {
				d.SetXY(x, d.Y())
				d.Line(l, w, 3.8, typeset.Font{Size: 7.5}, "L")
				d.SetXY(x, d.Y()+3.8)
			}
			d.SetXY(x, y+CardHeight-2*pad-1.5)
			d.Line("第八条", w, 3.5, typeset.Font{Size: 6.5}, "R")
		}
	}
}

// large draws the sentence in large print on a landscape page.
func large(d *typeset.Doc, sentence string, who []string) {
	d.Ln(6)
	d.Title("执法告知用语", 30)
	d.Ln(8)
	d.ParaIn(sentence, d.Margin()+10, d.BodyWidth()-20, 20, typeset.Font{Size: 40}, "L")
	d.Ln(8)
	d.ParaIn("执法人员："+strings.Join(who, "　"), d.Margin()+10, d.BodyWidth()-20, 10, typeset.Font{Size: 18}, "L")
	d.Ln(4)
	d.ParaIn("执法人员在执法过程中，应当事先告知当事人使用音像记录设备。", d.Margin()+10, d.BodyWidth()-20, 7, typeset.Font{Size: 12}, "L")
}
