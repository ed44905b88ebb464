// Package forms prints the bureau's paper forms as Chinese PDFs (A4, the
// CJK font embedded, a signature line for each role that signs): the
// announcement card of Art. 8, the work record of Art. 7 for an activity not
// recorded, the written statement of Art. 11 on an interruption, and the
// viewing and extraction approval and register form of Art. 16–17.
//
// The forms take the store's records as they are; what a form shows is
// what the ledger holds, in the regulation's words (package regulation).
package forms

import (
	"fmt"
	"strings"
	"time"

	"evidock/internal/typeset"
	"evidock/regulation"
	"evidock/store"
)

// Sizes in points and millimetres of the forms' text.
const (
	fieldSize = 10.5
	labelW    = 32.0
	lineH     = 5.5
)

// begin starts an A4 form: the bureau, the title, and a footer citing the
// article and saying when evidock printed it, page k of n.
func begin(title, number string, article int, printed time.Time, total int) *typeset.Doc {
	d := typeset.New(typeset.Page{}, typeset.Info{Title: title + " " + number, Subject: regulation.Title})
	d.Footer(func(page int) string {
		s := fmt.Sprintf("依据《%s》第%s条　执法音像采集工作站打印于 %s　第 %d 页", regulation.Title, regulation.Numeral(article),
			printed.Local().Format("2006-01-02 15:04"), page)
		if total > 0 {
			s += fmt.Sprintf("，共 %d 页", total)
		}
		return s
	})
	d.AddPage()
	d.Line(regulation.Bureau, d.BodyWidth(), 7, typeset.Font{Size: 12}, "C")
	d.Ln(8)
	d.Title(title, 18)
	if number != "" {
		d.Line("编号："+number, d.BodyWidth(), 6, typeset.Font{Size: 10}, "R")
		d.Ln(7)
	}
	return d
}

// fields draws label–value rows.
func fields(d *typeset.Doc, rows [][2]string) {
	for _, r := range rows {
		d.Field(r[0], orDash(r[1]), labelW, fieldSize)
	}
}

// quote draws an article's text as the regulation has it, in a small font.
func quote(d *typeset.Doc, article int) {
	d.Ln(3)
	d.Para("【"+regulation.Title+"】"+regulation.Article(article), 4.6, typeset.Font{Size: 8.5})
}

// opinion draws a box for a signer's written opinion with its text when
// there is one, and the signature line under it.
func opinion(d *typeset.Doc, label, text, signer string) {
	body := text
	if strings.TrimSpace(body) == "" {
		body = "\n\n\n"
	}
	if d.NeedPage(40) {
		d.AddPage()
	}
	d.Row([]typeset.Cell{{W: labelW, Text: label, Fill: true}, {W: d.BodyWidth() - labelW, Text: body + "\n\n" + signer}}, fieldSize)
}

// orDash is s, or "—" when it is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// when is t in local time to the minute, or "" when it is zero.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// whenSec is t in local time to the second, or "" when it is zero.
func whenSec(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// person names an officer by name and number, or by number alone.
func person(number string, officers map[string]store.Officer) string {
	if o, ok := officers[number]; ok && o.Name != "" {
		return o.Name + "（" + number + "）"
	}
	return number
}

// actor is a ledger actor ("user:NAME", "workstation") as a person reads it.
func actor(a string) string {
	if a == "workstation" {
		return "工作站"
	}
	return strings.TrimPrefix(a, "user:")
}

// byNumber indexes officers by number.
func byNumber(officers []store.Officer) map[string]store.Officer {
	m := make(map[string]store.Officer, len(officers))
	for _, o := range officers {
		m[o.Number] = o
	}
	return m
}
