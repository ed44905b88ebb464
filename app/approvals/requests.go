package approvals

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/store"
)

// RequestsView is 我的申请: the user's requests with where each stands, and
// the form for a new one.
type RequestsView struct {
	ui      *shell.Shell
	Root    fyne.CanvasObject
	purpose *widget.Select
	reason  *widget.Entry
	Ids     *widget.Entry
	submit  *widget.Button
	Message *widget.Label
	Table   *shell.DataTable[access.Request]
	Detail  *widget.Label
	Picker  *shell.RecordingPicker // the last one opened
	rows    []access.Request
	loadNo  int
}

// requestColumns are the columns of a table of viewing requests.
func requestColumns(ui *shell.Shell) []shell.Column[access.Request] {
	return []shell.Column[access.Request]{
		shell.NumCol("tables.col_no", 50, func(r access.Request) int64 { return r.ID }),
		shell.WhenCol("tables.col_submitted", 150, func(r access.Request) time.Time { return r.CreatedAt }),
		shell.Col("tables.col_requester", 110, func(r access.Request) string { return ui.PersonName(r.Requester) }),
		shell.Col("tables.col_purpose", 90, func(r access.Request) string { return i18n.Purpose(r.Purpose) }),
		shell.NumCol("tables.col_recordings", 60, func(r access.Request) int64 { return int64(len(r.Recordings)) }),
		shell.Col("tables.col_status", 80, func(r access.Request) string { return i18n.RequestStatus(r.Status) }),
		shell.Col("tables.col_decided_by", 160, func(r access.Request) string {
			if r.DecidedBy == "" {
				return "—"
			}
			return i18n.T("tables.by_as", i18n.M{"By": ui.PersonName(r.DecidedBy), "As": i18n.Role(string(r.DecidedAs))})
		}),
	}
}

func NewRequestsView(ui *shell.Shell) *RequestsView {
	v := &RequestsView{ui: ui, Message: shell.WrapLabel(""), Detail: shell.WrapLabel(i18n.T("tables.pick_row"))}
	cols := requestColumns(ui)
	cols = append(cols[:2], cols[3:]...) // they are all the user's own
	v.Table = shell.NewDataTable(ui, cols, 0, true, shell.Filters[access.Request]{
		Day: func(r access.Request) time.Time { return r.CreatedAt }})
	v.Table.OnSelect = func(r access.Request) { v.Detail.SetText(i18n.RequestLine(r)) }
	v.Table.OnUnselect = func() { v.Detail.SetText(i18n.T("tables.pick_row")) }
	v.purpose = shell.NewPicker(i18n.PurposeNames(), nil)
	v.purpose.PlaceHolder = i18n.T("req.purpose_pick")
	v.reason = widget.NewMultiLineEntry()
	v.reason.SetPlaceHolder(i18n.T("req.reason_hint"))
	v.reason.SetMinRowsVisible(2)
	v.reason.Wrapping = fyne.TextWrapWord
	v.Ids = widget.NewEntry()
	v.Ids.SetPlaceHolder(i18n.T("req.ids_hint"))
	v.submit = widget.NewButton(i18n.T("req.submit"), v.Submit)
	v.submit.Importance = widget.HighImportance
	pick := widget.NewButton(i18n.T("tables.pick"), func() {
		v.Picker = ui.PickRecordings(i18n.T("req.new_title"), v.Fill)
	})
	fields := widget.NewForm(widget.NewFormItem(i18n.T("req.recordings"), container.NewBorder(nil, nil, nil, pick, v.Ids)),
		widget.NewFormItem(i18n.T("req.purpose"), v.purpose), widget.NewFormItem(i18n.T("req.reason"), v.reason))
	top := container.NewVBox(shell.BoldLabel(i18n.T("req.new_title")), shell.WrapLabel(i18n.T("req.new_intro")), fields,
		container.NewHBox(v.submit), v.Message)
	if !ui.May(store.ActRequestView) {
		top = container.NewVBox(shell.WrapLabel(i18n.T("req.cannot_request")))
	}
	refresh := widget.NewButton(i18n.T("req.refresh"), v.Load)
	head := container.NewHBox(shell.BoldLabel(i18n.T("req.mine_title")), shell.Spacer(), refresh)
	print := ui.PrintButton(func() (shell.Form, bool) {
		r, ok := v.Table.Selected()
		if !ok {
			v.Message.SetText(i18n.T("pr.pick"))
			return shell.Form{}, false
		}
		return shell.ViewingForm(r.ID), true
	}, v.Message)
	bottom := container.NewBorder(nil, nil, nil, print, v.Detail)
	v.Root = container.NewBorder(container.NewVBox(top, widget.NewSeparator(), head), bottom, nil, nil, v.Table.Root)
	v.Load()
	return v
}

// Load reads the user's requests, newest first.
func (v *RequestsView) Load() {
	shell.LoadLatestRows(v.ui, &v.loadNo, v.Detail, i18n.ViewErrorText, func(ctx context.Context, sess *store.Session) ([]access.Request, error) {
		return access.Requests(ctx, sess, access.RequestFilter{Mine: true, Limit: 200})
	}, func(rows []access.Request) {
		v.rows = rows
		v.Table.Set(rows)
		if len(rows) == 0 {
			v.Detail.SetText(i18n.T("req.none"))
		}
	})
}

// Rows are the requests last read.
func (v *RequestsView) Rows() []access.Request { return v.rows }

// Fill puts recording IDs into the form (from the library's details).
func (v *RequestsView) Fill(ids []string) {
	v.Ids.SetText(strings.Join(ids, ", "))
}

// Submit sends the form as a new request.
func (v *RequestsView) Submit() {
	req := access.ViewRequest{Recordings: i18n.SplitIDs(v.Ids.Text), Purpose: i18n.PurposeKey(v.purpose.Selected),
		Reason: strings.TrimSpace(v.reason.Text)}
	if msg := checkRequest(req); msg != "" {
		v.Message.SetText(msg)
		return
	}
	v.submit.Disable()
	v.Message.SetText(i18n.T("req.sending"))
	v.ui.Background(func(ctx context.Context) error {
		_, err := access.RequestView(ctx, v.ui.SessFor(ctx), req)
		return err
	}, func(err error) {
		v.submit.Enable()
		if err != nil {
			v.Message.SetText(i18n.ViewErrorText(err))
			return
		}
		v.Message.SetText(i18n.T("req.sent"))
		v.Ids.SetText("")
		v.reason.SetText("")
		v.Load()
	})
}

// checkRequest says what is missing from a request, or "".
func checkRequest(r access.ViewRequest) string {
	switch {
	case len(r.Recordings) == 0:
		return i18n.T("req.missing_ids")
	case r.Purpose == "":
		return i18n.T("req.missing_purpose")
	case r.Reason == "":
		return i18n.T("req.missing_reason")
	}
	return ""
}

// RequestDialog asks for a request for recordings ids (from the details of
// a recording) and sends it.
func RequestDialog(ui *shell.Shell, ids []string) {
	purpose := shell.NewPicker(i18n.PurposeNames(), nil)
	purpose.PlaceHolder = i18n.T("req.purpose_pick")
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder(i18n.T("req.reason_hint"))
	reason.Wrapping = fyne.TextWrapWord
	reason.SetMinRowsVisible(3)
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("req.recordings"), shell.WrapLabel(strings.Join(ids, "\n"))),
		widget.NewFormItem(i18n.T("req.purpose"), purpose), widget.NewFormItem(i18n.T("req.reason"), reason)}
	d := dialog.NewForm(i18n.T("req.new_title"), i18n.T("req.submit"), i18n.T("confirm.no"), items, func(ok bool) {
		if !ok {
			return
		}
		req := access.ViewRequest{Recordings: ids, Purpose: i18n.PurposeKey(purpose.Selected), Reason: strings.TrimSpace(reason.Text)}
		if msg := checkRequest(req); msg != "" {
			dialog.NewInformation(i18n.T("error.title"), msg, ui.Win).Show()
			return
		}
		ui.Background(func(ctx context.Context) error {
			_, err := access.RequestView(ctx, ui.SessFor(ctx), req)
			return err
		}, func(err error) {
			if err != nil {
				dialog.NewInformation(i18n.T("error.title"), i18n.ViewErrorText(err), ui.Win).Show()
				return
			}
			dialog.NewInformation(i18n.T("req.sent_title"), i18n.T("req.sent"), ui.Win).Show()
			ui.Reload(shell.ScreenApprovals + ".mine")
		})
	}, ui.Win)
	d.Resize(fyne.NewSize(520, 360))
	d.Show()
}
