package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// tooWide lists the objects shown that ask for more than w pixels, with
// their text where they have one: what widens the window.
func tooWide(ui *UI, w float32) []string {
	var out []string
	for _, o := range objects(ui) {
		if !o.Visible() || o.MinSize().Width <= w {
			continue
		}
		s := fmt.Sprintf("%T %.0f", o, o.MinSize().Width)
		switch x := o.(type) {
		case *widget.Label:
			s += " " + x.Text
		case *widget.Button:
			s += " " + x.Text
		case *widget.Select:
			s += " " + x.PlaceHolder
		case *widget.Entry:
			s += " " + x.PlaceHolder
		case *canvas.Text:
			continue // a label's line: the label wraps it
		case *fyne.Container:
			s += fmt.Sprintf(" (%d objects, first %T)", len(x.Objects), x.Objects[0])
		}
		out = append(out, s)
	}
	return out
}
