package approvals

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
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/forms"
	"evidock/store"
)

// ViewRegisterView is the 查阅登记 (viewing register): who viewed which
// recording, why, when, approved by whom; saved as CSV for printing. The
// custodian also registers viewings by hand here.
type ViewRegisterView struct {
	ui      *shell.Shell
	Root    fyne.CanvasObject
	Table   *shell.DataTable[access.Viewing]
	message *widget.Label
	rows    []access.Viewing
	loadNo  int
}

func NewViewRegisterView(ui *shell.Shell) *ViewRegisterView {
	v := &ViewRegisterView{ui: ui, message: shell.WrapLabel("")}
	v.Table = shell.NewDataTable(ui, []shell.Column[access.Viewing]{
		shell.WhenCol("vreg.col_time", 150, func(w access.Viewing) time.Time { return w.Time }),
		shell.Col("vreg.col_recording", 120, func(w access.Viewing) string { return w.RecordingID }),
		shell.Col("vreg.col_viewer", 110, func(w access.Viewing) string { return ui.PersonName(w.Viewer) }),
		shell.Col("vreg.col_purpose", 80, func(w access.Viewing) string { return i18n.Purpose(w.Purpose) }),
		shell.NumCol("vreg.col_request", 60, func(w access.Viewing) int64 { return w.RequestID }),
		shell.Col("vreg.col_approved_by", 110, func(w access.Viewing) string { return ui.PersonName(w.ApprovedBy) }),
		shell.Col("vreg.col_kind", 90, viewingKind),
		shell.Col("vreg.col_reason", 160, func(w access.Viewing) string { return w.Reason }),
		shell.NumCol("vreg.col_seq", 70, func(w access.Viewing) int64 { return w.LedgerSeq }),
	}, 0, true, shell.Filters[access.Viewing]{
		Day:    func(w access.Viewing) time.Time { return w.Time },
		Person: func(w access.Viewing) string { return w.Viewer },
	})
	refresh := widget.NewButton(i18n.T("req.refresh"), v.Load)
	save := widget.NewButton(i18n.T("vreg.save_csv"), v.saveDialog)
	save.Importance = widget.HighImportance
	top := container.NewVBox(container.NewHBox(shell.BoldLabel(i18n.T("vreg.title")), shell.Spacer(), refresh, save),
		shell.WrapLabel(i18n.T("vreg.intro")), v.message)
	var bottom fyne.CanvasObject
	if ui.May(store.ActViewingRegister) {
		bottom = v.registerForm()
	}
	v.Root = container.NewBorder(top, bottom, nil, nil, v.Table.Root)
	v.Load()
	return v
}

// Rows are the register's rows last read, oldest first.
func (v *ViewRegisterView) Rows() []access.Viewing { return v.rows }

// Load reads the register.
func (v *ViewRegisterView) Load() {
	shell.LoadLatestRows(v.ui, &v.loadNo, v.message, i18n.ViewErrorText, func(ctx context.Context, sess *store.Session) ([]access.Viewing, error) {
		return access.Register(ctx, sess, access.RegisterFilter{})
	}, func(rows []access.Viewing) {
		v.rows = rows
		v.Table.Set(rows)
	})
}

// viewingKind says whether a viewing was a play or registered by hand.
func viewingKind(w access.Viewing) string {
	if w.Kind != "play" {
		return i18n.T("vreg.kind_registered")
	}
	return i18n.T("vreg.kind_play")
}

// writeCSV writes the register's rows as the core writes every register
// CSV (forms.WriteRegisterCSV): the window's language, people's names.
func (v *ViewRegisterView) writeCSV(w io.Writer) error {
	return forms.WriteRegisterCSV(w, v.rows, i18n.Language(), v.ui.PersonName)
}

// SaveCSV writes the register's rows to path.
func (v *ViewRegisterView) SaveCSV(path string) error {
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

func (v *ViewRegisterView) saveDialog() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				v.ui.ShowError(err)
			}
			return
		}
		err = v.writeCSV(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			v.message.SetText(i18n.ErrorText(err))
			return
		}
		v.message.SetText(i18n.T("vreg.saved", i18n.M{"Path": w.URI().Path()}))
	}, v.ui.Win)
	d.SetFileName(fmt.Sprintf("%s-%s.csv", i18n.T("vreg.file_name"), time.Now().Format("20060102")))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// registerForm lets the custodian register a viewing by hand: a viewer
// without an account, under an approved request.
func (v *ViewRegisterView) registerForm() fyne.CanvasObject {
	req, rec, viewer, reason := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	req.SetPlaceHolder(i18n.T("vreg.req_hint"))
	rec.SetPlaceHolder(i18n.T("vreg.rec_hint"))
	viewer.SetPlaceHolder(i18n.T("vreg.viewer_hint"))
	reason.SetPlaceHolder(i18n.T("vreg.reason_hint"))
	// A row of the register gives its request and recording: another
	// viewing of them is registered without typing either.
	v.Table.OnSelect = func(w access.Viewing) {
		req.SetText(strconv.FormatInt(w.RequestID, 10))
		rec.SetText(w.RecordingID)
	}
	msg := shell.WrapLabel("")
	btn := widget.NewButton(i18n.T("vreg.add"), nil)
	btn.OnTapped = func() {
		id, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(req.Text, "#")), 10, 64)
		e := access.ViewingEntry{RequestID: id, RecordingID: strings.TrimSpace(rec.Text), Viewer: strings.TrimSpace(viewer.Text),
			Reason: strings.TrimSpace(reason.Text)}
		if err != nil || e.RecordingID == "" || e.Viewer == "" {
			msg.SetText(i18n.T("vreg.missing"))
			return
		}
		v.ui.Confirm(i18n.T("q.confirm_title"), i18n.T("q.confirm_saved"), func() {
			btn.Disable()
			v.ui.Background(func(ctx context.Context) error {
				_, err := access.RegisterViewing(ctx, v.ui.SessFor(ctx), e)
				return err
			}, func(err error) {
				btn.Enable()
				if err != nil {
					msg.SetText(i18n.ViewErrorText(err))
					return
				}
				msg.SetText(i18n.T("vreg.added"))
				viewer.SetText("")
				reason.SetText("")
				v.Load()
			})
		})
	}
	form := container.NewGridWithColumns(5, req, rec, viewer, reason, btn)
	return container.NewVBox(widget.NewSeparator(), shell.BoldLabel(i18n.T("vreg.add_title")), form, msg)
}
