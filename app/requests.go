package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/store"
)

// requestsView is 我的申请: the user's requests with where each stands, and
// the form for a new one.
type requestsView struct {
	ui      *Shell
	Root    fyne.CanvasObject
	purpose *widget.Select
	reason  *widget.Entry
	Ids     *widget.Entry
	submit  *widget.Button
	Message *widget.Label
	Table   *dataTable[access.Request]
	Detail  *widget.Label
	Picker  *recordingPicker // the last one opened
	rows    []access.Request
	loadNo  int
}

// requestColumns are the columns of a table of viewing requests.
func requestColumns(ui *Shell) []column[access.Request] {
	return []column[access.Request]{
		numCol("tables.col_no", 50, func(r access.Request) int64 { return r.ID }),
		whenCol("tables.col_submitted", 150, func(r access.Request) time.Time { return r.CreatedAt }),
		col("tables.col_requester", 110, func(r access.Request) string { return ui.PersonName(r.Requester) }),
		col("tables.col_purpose", 90, func(r access.Request) string { return Purpose(r.Purpose) }),
		numCol("tables.col_recordings", 60, func(r access.Request) int64 { return int64(len(r.Recordings)) }),
		col("tables.col_status", 80, func(r access.Request) string { return RequestStatus(r.Status) }),
		col("tables.col_decided_by", 160, func(r access.Request) string {
			if r.DecidedBy == "" {
				return "—"
			}
			return T("tables.by_as", M{"By": ui.PersonName(r.DecidedBy), "As": Role(string(r.DecidedAs))})
		}),
	}
}

func newRequestsView(ui *Shell) *requestsView {
	v := &requestsView{ui: ui, Message: wrapLabel(""), Detail: wrapLabel(T("tables.pick_row"))}
	cols := requestColumns(ui)
	cols = append(cols[:2], cols[3:]...) // they are all the user's own
	v.Table = newDataTable(ui, cols, 0, true, filters[access.Request]{
		Day: func(r access.Request) time.Time { return r.CreatedAt }})
	v.Table.OnSelect = func(r access.Request) { v.Detail.SetText(requestLine(r)) }
	v.Table.OnUnselect = func() { v.Detail.SetText(T("tables.pick_row")) }
	v.purpose = newPicker(purposeNames(), nil)
	v.purpose.PlaceHolder = T("req.purpose_pick")
	v.reason = widget.NewMultiLineEntry()
	v.reason.SetPlaceHolder(T("req.reason_hint"))
	v.reason.SetMinRowsVisible(2)
	v.reason.Wrapping = fyne.TextWrapWord
	v.Ids = widget.NewEntry()
	v.Ids.SetPlaceHolder(T("req.ids_hint"))
	v.submit = widget.NewButton(T("req.submit"), v.Submit)
	v.submit.Importance = widget.HighImportance
	pick := widget.NewButton(T("tables.pick"), func() {
		v.Picker = ui.pickRecordings(T("req.new_title"), v.Fill)
	})
	fields := widget.NewForm(widget.NewFormItem(T("req.recordings"), container.NewBorder(nil, nil, nil, pick, v.Ids)),
		widget.NewFormItem(T("req.purpose"), v.purpose), widget.NewFormItem(T("req.reason"), v.reason))
	top := container.NewVBox(boldLabel(T("req.new_title")), wrapLabel(T("req.new_intro")), fields,
		container.NewHBox(v.submit), v.Message)
	if !ui.may(store.ActRequestView) {
		top = container.NewVBox(wrapLabel(T("req.cannot_request")))
	}
	refresh := widget.NewButton(T("req.refresh"), v.Load)
	head := container.NewHBox(boldLabel(T("req.mine_title")), layoutSpacer(), refresh)
	print := ui.printButton(func() (form, bool) {
		r, ok := v.Table.Selected()
		if !ok {
			v.Message.SetText(T("pr.pick"))
			return form{}, false
		}
		return viewingForm(r.ID), true
	}, v.Message)
	bottom := container.NewBorder(nil, nil, nil, print, v.Detail)
	v.Root = container.NewBorder(container.NewVBox(top, widget.NewSeparator(), head), bottom, nil, nil, v.Table.Root)
	v.Load()
	return v
}

// Load reads the user's requests, newest first.
func (v *requestsView) Load() {
	v.loadNo++
	no := v.loadNo
	var rows []access.Request
	v.ui.background(func(ctx context.Context) error {
		var err error
		rows, err = access.Requests(ctx, v.ui.sessFor(ctx), access.RequestFilter{Mine: true, Limit: 200})
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.Detail.SetText(viewErrorText(err))
			return
		}
		v.rows = rows
		v.Table.Set(rows)
		if len(rows) == 0 {
			v.Detail.SetText(T("req.none"))
		}
	})
}

// Rows are the requests last read.
func (v *requestsView) Rows() []access.Request { return v.rows }

// Fill puts recording IDs into the form (from the library's details).
func (v *requestsView) Fill(ids []string) {
	v.Ids.SetText(strings.Join(ids, ", "))
}

// Submit sends the form as a new request.
func (v *requestsView) Submit() {
	req := access.ViewRequest{Recordings: splitIDs(v.Ids.Text), Purpose: purposeKey(v.purpose.Selected),
		Reason: strings.TrimSpace(v.reason.Text)}
	if msg := checkRequest(req); msg != "" {
		v.Message.SetText(msg)
		return
	}
	v.submit.Disable()
	v.Message.SetText(T("req.sending"))
	v.ui.background(func(ctx context.Context) error {
		_, err := access.RequestView(ctx, v.ui.sessFor(ctx), req)
		return err
	}, func(err error) {
		v.submit.Enable()
		if err != nil {
			v.Message.SetText(viewErrorText(err))
			return
		}
		v.Message.SetText(T("req.sent"))
		v.Ids.SetText("")
		v.reason.SetText("")
		v.Load()
	})
}

// checkRequest says what is missing from a request, or "".
func checkRequest(r access.ViewRequest) string {
	switch {
	case len(r.Recordings) == 0:
		return T("req.missing_ids")
	case r.Purpose == "":
		return T("req.missing_purpose")
	case r.Reason == "":
		return T("req.missing_reason")
	}
	return ""
}

// requestDialog asks for a request for recordings ids (from the details of
// a recording) and sends it.
func requestDialog(ui *Shell, ids []string) {
	purpose := newPicker(purposeNames(), nil)
	purpose.PlaceHolder = T("req.purpose_pick")
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder(T("req.reason_hint"))
	reason.Wrapping = fyne.TextWrapWord
	reason.SetMinRowsVisible(3)
	items := []*widget.FormItem{
		widget.NewFormItem(T("req.recordings"), wrapLabel(strings.Join(ids, "\n"))),
		widget.NewFormItem(T("req.purpose"), purpose), widget.NewFormItem(T("req.reason"), reason)}
	d := dialog.NewForm(T("req.new_title"), T("req.submit"), T("confirm.no"), items, func(ok bool) {
		if !ok {
			return
		}
		req := access.ViewRequest{Recordings: ids, Purpose: purposeKey(purpose.Selected), Reason: strings.TrimSpace(reason.Text)}
		if msg := checkRequest(req); msg != "" {
			dialog.NewInformation(T("error.title"), msg, ui.Win).Show()
			return
		}
		ui.background(func(ctx context.Context) error {
			_, err := access.RequestView(ctx, ui.sessFor(ctx), req)
			return err
		}, func(err error) {
			if err != nil {
				dialog.NewInformation(T("error.title"), viewErrorText(err), ui.Win).Show()
				return
			}
			dialog.NewInformation(T("req.sent_title"), T("req.sent"), ui.Win).Show()
			ui.Reload(ScreenApprovals + ".mine")
		})
	}, ui.Win)
	d.Resize(fyne.NewSize(520, 360))
	d.Show()
}
