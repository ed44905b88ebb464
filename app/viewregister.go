package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/forms"
	"evidock/store"
)

// viewRegisterView is the 查阅登记 (viewing register): who viewed which
// recording, why, when, approved by whom; saved as CSV for printing. The
// custodian also registers viewings by hand here.
type viewRegisterView struct {
	ui      *Shell
	Root    fyne.CanvasObject
	list    *widget.List
	count   *widget.Label
	message *widget.Label
	rows    []access.Viewing
	loadNo  int
}

func newViewRegisterView(ui *Shell) *viewRegisterView {
	v := &viewRegisterView{ui: ui, count: widget.NewLabel(""), message: wrapLabel("")}
	v.list = widget.NewList(func() int { return len(v.rows) }, func() fyne.CanvasObject {
		l := widget.NewLabel("2025-01-01 00:00:00\nXXXXXXXXXXXXXXXX")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(v.rows) {
			o.(*widget.Label).SetText(viewingLine(v.rows[id]))
		}
	})
	refresh := widget.NewButton(T("req.refresh"), v.Load)
	save := widget.NewButton(T("vreg.save_csv"), v.saveDialog)
	save.Importance = widget.HighImportance
	top := container.NewVBox(container.NewHBox(boldLabel(T("vreg.title")), layoutSpacer(), v.count, refresh, save),
		wrapLabel(T("vreg.intro")), v.message)
	var bottom fyne.CanvasObject
	if ui.may(store.ActViewingRegister) {
		bottom = v.registerForm()
	}
	v.Root = container.NewBorder(top, bottom, nil, nil, v.list)
	v.Load()
	return v
}

// Rows are the register's rows last read, oldest first.
func (v *viewRegisterView) Rows() []access.Viewing { return v.rows }

// Load reads the register.
func (v *viewRegisterView) Load() {
	v.loadNo++
	no := v.loadNo
	var rows []access.Viewing
	v.ui.background(func(ctx context.Context) error {
		var err error
		rows, err = access.Register(ctx, v.ui.sessFor(ctx), access.RegisterFilter{})
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.message.SetText(viewErrorText(err))
			return
		}
		v.rows = rows
		v.count.SetText(T("vreg.count", M{"N": len(rows)}))
		v.list.Refresh()
	})
}

func viewingLine(w access.Viewing) string {
	kind := T("vreg.kind_play")
	if w.Kind != "play" {
		kind = T("vreg.kind_registered")
	}
	return T("vreg.line", M{"When": When(w.Time), "Recording": w.RecordingID, "Viewer": w.Viewer, "Purpose": Purpose(w.Purpose),
		"Reason": w.Reason, "By": orDash(w.ApprovedBy), "Request": w.RequestID, "Kind": kind, "Seq": w.LedgerSeq})
}

// writeCSV writes the register's rows as the core writes every register
// CSV (forms.WriteRegisterCSV): the window's language, people's names.
func (v *viewRegisterView) writeCSV(w io.Writer) error {
	return forms.WriteRegisterCSV(w, v.rows, Language(), v.ui.PersonName)
}

// SaveCSV writes the register's rows to path.
func (v *viewRegisterView) SaveCSV(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := v.writeCSV(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (v *viewRegisterView) saveDialog() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				v.ui.showError(err)
			}
			return
		}
		err = v.writeCSV(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			v.message.SetText(ErrorText(err))
			return
		}
		v.message.SetText(T("vreg.saved", M{"Path": w.URI().Path()}))
	}, v.ui.Win)
	d.SetFileName(fmt.Sprintf("%s-%s.csv", T("vreg.file_name"), time.Now().Format("20060102")))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// registerForm lets the custodian register a viewing by hand: a viewer
// without an account, under an approved request.
func (v *viewRegisterView) registerForm() fyne.CanvasObject {
	req, rec, viewer, reason := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	req.SetPlaceHolder(T("vreg.req_hint"))
	rec.SetPlaceHolder(T("vreg.rec_hint"))
	viewer.SetPlaceHolder(T("vreg.viewer_hint"))
	reason.SetPlaceHolder(T("vreg.reason_hint"))
	msg := wrapLabel("")
	btn := widget.NewButton(T("vreg.add"), nil)
	btn.OnTapped = func() {
		id, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(req.Text, "#")), 10, 64)
		e := access.ViewingEntry{RequestID: id, RecordingID: strings.TrimSpace(rec.Text), Viewer: strings.TrimSpace(viewer.Text),
			Reason: strings.TrimSpace(reason.Text)}
		if err != nil || e.RecordingID == "" || e.Viewer == "" {
			msg.SetText(T("vreg.missing"))
			return
		}
		v.ui.confirm(T("q.confirm_title"), T("q.confirm_saved"), func() {
			btn.Disable()
			v.ui.background(func(ctx context.Context) error {
				_, err := access.RegisterViewing(ctx, v.ui.sessFor(ctx), e)
				return err
			}, func(err error) {
				btn.Enable()
				if err != nil {
					msg.SetText(viewErrorText(err))
					return
				}
				msg.SetText(T("vreg.added"))
				viewer.SetText("")
				reason.SetText("")
				v.Load()
			})
		})
	}
	form := container.NewGridWithColumns(5, req, rec, viewer, reason, btn)
	return container.NewVBox(widget.NewSeparator(), boldLabel(T("vreg.add_title")), form, msg)
}
