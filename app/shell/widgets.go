package shell

import (
	"strings"
	"time"

	"evidock/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// Small helpers every screen uses.

func WrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func BoldLabel(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// BoldWrapLabel is a bold label that wraps: a question long enough, in
// English, to widen the whole window otherwise.
func BoldWrapLabel(s string) *widget.Label {
	l := BoldLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// NewSelect is a picker that says 请选择 until something is picked: Fyne's
// own placeholder, "(Select one)", is a constant its translations miss.
func (ui *Shell) NewSelect(options []string, changed func(string)) *widget.Select {
	return NewPicker(options, changed)
}

// NewPicker is every picker of the window: 请选择 until something is picked.
func NewPicker(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = i18n.T("select.pick")
	return s
}

// Refreshed re-lays out and redraws containers whose children changed:
// Fyne's Container.Add and RemoveAll lay out but do not mark the window
// for a redraw, which left a docking card unseen until the mouse moved.
func Refreshed(cs ...*fyne.Container) {
	for _, c := range cs {
		c.Refresh()
	}
}

// ParseDay reads a day as people type it: 2026-11-28, 2026/11/28,
// 2026.11.28 or 2026年11月28日 (local time); empty is zero and fine.
func ParseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-", " ", "").Replace(s)
	t, err := time.ParseInLocation("2006-1-2", s, time.Local)
	return t, err == nil
}

// Split is a horizontal split with the left part's share.
func Split(left, right fyne.CanvasObject, offset float64) *container.Split {
	s := container.NewHSplit(left, right)
	s.Offset = offset
	return s
}

func Spacer() fyne.CanvasObject { return layout.NewSpacer() }

// Grid lays out objects in columns, fewer in English, whose words are longer.
func Grid(zhCols int, objs ...fyne.CanvasObject) *fyne.Container {
	cols := zhCols
	if i18n.Language() == i18n.LangEN {
		cols = max(1, zhCols-1)
	}
	return container.NewGridWithColumns(cols, objs...)
}

// Narrow lets o be laid out as narrow as w, whatever its own minimum (a
// picker's longest choice, a long placeholder): a toolbar of filters must
// not widen the window beyond a 1024 px screen.
func Narrow(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.New(narrowLayout{w: w}, o)
}

// Low is narrow for the height: o (a chart, a list) may be as low as h.
func Low(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	return container.New(narrowLayout{h: h}, o)
}

// narrowLayout reports w and h as the minimum (0: the object's own).
type narrowLayout struct{ w, h float32 }

func (l narrowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	if l.w > 0 {
		m.Width = l.w
	}
	if l.h > 0 {
		m.Height = l.h
	}
	return m
}

func (l narrowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
