package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/records"
)

// approvalsView is the 审批 inbox of the legal office and the leader: the
// pending requests in a table; the selected one shows its recordings and
// classification, and is approved for some days or refused with a note.
type approvalsView struct {
	ui      *Shell
	Root    fyne.CanvasObject
	Table   *dataTable[access.Request]
	recs    map[string]records.Recording
	detail  *fyne.Container
	Message *widget.Label
	pending []access.Request
	loadNo  int
}

func newApprovalsView(ui *Shell) *approvalsView {
	v := &approvalsView{ui: ui, Message: wrapLabel(""), recs: map[string]records.Recording{}}
	v.Table = newDataTable(ui, requestColumns(ui)[:6], 1, false, filters[access.Request]{
		Day:    func(r access.Request) time.Time { return r.CreatedAt },
		Person: func(r access.Request) string { return r.Requester },
	})
	v.detail = container.NewVBox(wrapLabel(T("tables.pick_row")))
	v.Table.OnSelect = func(r access.Request) { v.setDetail(v.card(r)) }
	v.Table.OnUnselect = func() { v.setDetail(wrapLabel(T("tables.pick_row"))) }
	refresh := widget.NewButton(T("req.refresh"), v.Load)
	head := container.NewVBox(container.NewHBox(boldLabel(T("appr.title")), layoutSpacer(), refresh),
		wrapLabel(T("appr.intro")), v.Message)
	v.Root = container.NewBorder(head, nil, nil, nil, split(v.Table.Root, container.NewVScroll(v.detail), 0.55))
	v.Load()
	return v
}

func (v *approvalsView) setDetail(o fyne.CanvasObject) {
	v.detail.Objects = []fyne.CanvasObject{o}
	v.detail.Refresh()
}

// Pending are the requests last read.
func (v *approvalsView) Pending() []access.Request { return v.pending }

// Load reads the pending requests and their recordings.
func (v *approvalsView) Load() {
	v.loadNo++
	no := v.loadNo
	var reqs []access.Request
	recs := map[string]records.Recording{}
	v.ui.background(func(ctx context.Context) error {
		var err error
		if reqs, err = access.Requests(ctx, v.ui.sessFor(ctx), access.RequestFilter{Pending: true, Limit: 200}); err != nil {
			return err
		}
		var ids []string
		for _, r := range reqs {
			ids = append(ids, r.Recordings...)
		}
		if len(ids) == 0 {
			return nil
		}
		found, err := records.Recordings(ctx, v.ui.sessFor(ctx), records.RecordingFilter{IDs: ids})
		for _, r := range found {
			recs[r.ID] = r
		}
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.setDetail(wrapLabel(viewErrorText(err)))
			return
		}
		v.pending, v.recs = reqs, recs
		v.Table.Set(reqs)
		if len(reqs) == 0 {
			v.setDetail(widget.NewLabel(T("appr.none")))
		}
	})
}

// card shows the selected pending request with its decision controls.
func (v *approvalsView) card(r access.Request) fyne.CanvasObject {
	recs := v.recs
	lines := []string{T("req.reason_line", M{"Reason": r.Reason})}
	secret := false
	for _, id := range r.Recordings {
		rec, ok := recs[id]
		if !ok {
			lines = append(lines, T("appr.rec_hidden", M{"ID": id}))
			secret = true
			continue
		}
		if rec.Classification.Classified() {
			secret = true
		}
		lines = append(lines, T("appr.rec_line", M{"Name": rec.OriginalName, "When": When(rec.RecordedAt),
			"Officer": v.ui.OfficerName(rec.OfficerID), "Class": Classification(rec.Classification)}))
	}
	body := container.NewVBox(wrapLabel(strings.Join(lines, "\n")))
	if secret {
		warn := wrapLabel(T("appr.secret"))
		warn.Importance = widget.WarningImportance
		body.Add(warn)
	}
	days := widget.NewEntry()
	days.SetText(strconv.Itoa(int(access.DefaultGrant / (24 * time.Hour))))
	days.SetPlaceHolder(T("appr.days_hint"))
	note := widget.NewEntry()
	note.SetPlaceHolder(T("appr.note_hint"))
	approve := widget.NewButton(T("appr.approve"), nil)
	approve.Importance = widget.HighImportance
	refuse := widget.NewButton(T("appr.refuse"), nil)
	refuse.Importance = widget.DangerImportance
	done := wrapLabel("")
	decide := func(d access.Decision, question string) {
		v.ui.confirm(T("appr.confirm_title"), question, func() {
			approve.Disable()
			refuse.Disable()
			v.ui.background(func(ctx context.Context) error {
				_, err := access.Decide(ctx, v.ui.sessFor(ctx), r.ID, d)
				return err
			}, func(err error) {
				if err != nil {
					approve.Enable()
					refuse.Enable()
					done.SetText(viewErrorText(err))
					done.Importance = widget.DangerImportance
					done.Refresh()
					v.Message.SetText(T("appr.failed", M{"ID": r.ID}) + viewErrorText(err))
					return
				}
				key := "appr.done_refused"
				if d.Approve {
					key = "appr.done_approved"
				}
				v.Message.SetText(T(key, M{"ID": r.ID}))
				v.Load()
			})
		})
	}
	approve.OnTapped = func() {
		n, err := strconv.Atoi(strings.TrimSpace(days.Text))
		if err != nil || n < 1 || n > 365 {
			done.SetText(T("appr.bad_days"))
			return
		}
		decide(access.Decision{Approve: true, Note: strings.TrimSpace(note.Text), ValidFor: time.Duration(n) * 24 * time.Hour},
			T("appr.confirm_approve", M{"ID": r.ID, "Who": v.ui.PersonName(r.Requester), "Days": n}))
	}
	refuse.OnTapped = func() {
		if strings.TrimSpace(note.Text) == "" {
			done.SetText(T("appr.need_note"))
			return
		}
		decide(access.Decision{Note: strings.TrimSpace(note.Text)}, T("appr.confirm_refuse", M{"ID": r.ID, "Who": v.ui.PersonName(r.Requester)}))
	}
	form := widget.NewForm(widget.NewFormItem(T("appr.days"), days), widget.NewFormItem(T("appr.note"), note))
	body.Add(form)
	body.Add(container.NewHBox(approve, refuse))
	body.Add(done)
	title := T("appr.card_title", M{"ID": r.ID, "Who": v.ui.PersonName(r.Requester), "Purpose": Purpose(r.Purpose), "N": len(r.Recordings)})
	return widget.NewCard(title, T("appr.card_sub", M{"When": When(r.CreatedAt)}), body)
}
