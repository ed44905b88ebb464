package approvals

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/records"
)

// ApprovalsView is the 审批 inbox of the legal office and the leader: the
// pending requests in a table; the selected one shows its recordings and
// classification, and is approved for some days or refused with a note.
type ApprovalsView struct {
	ui      *shell.Shell
	Root    fyne.CanvasObject
	Table   *shell.DataTable[access.Request]
	recs    map[string]records.Recording
	detail  *fyne.Container
	Message *widget.Label
	pending []access.Request
	loadNo  int
}

func NewApprovalsView(ui *shell.Shell) *ApprovalsView {
	v := &ApprovalsView{ui: ui, Message: shell.WrapLabel(""), recs: map[string]records.Recording{}}
	v.Table = shell.NewDataTable(ui, requestColumns(ui)[:6], 1, false, shell.Filters[access.Request]{
		Day:    func(r access.Request) time.Time { return r.CreatedAt },
		Person: func(r access.Request) string { return r.Requester },
	})
	v.detail = container.NewVBox(shell.WrapLabel(i18n.T("tables.pick_row")))
	v.Table.OnSelect = func(r access.Request) { v.setDetail(v.card(r)) }
	v.Table.OnUnselect = func() { v.setDetail(shell.WrapLabel(i18n.T("tables.pick_row"))) }
	refresh := widget.NewButton(i18n.T("req.refresh"), v.Load)
	head := container.NewVBox(container.NewHBox(shell.BoldLabel(i18n.T("appr.title")), shell.Spacer(), refresh),
		shell.WrapLabel(i18n.T("appr.intro")), v.Message)
	v.Root = container.NewBorder(head, nil, nil, nil, shell.Split(v.Table.Root, container.NewVScroll(v.detail), 0.55))
	v.Load()
	return v
}

func (v *ApprovalsView) setDetail(o fyne.CanvasObject) {
	v.detail.Objects = []fyne.CanvasObject{o}
	v.detail.Refresh()
}

// Pending are the requests last read.
func (v *ApprovalsView) Pending() []access.Request { return v.pending }

// Load reads the pending requests and their recordings.
func (v *ApprovalsView) Load() {
	v.loadNo++
	no := v.loadNo
	var reqs []access.Request
	recs := map[string]records.Recording{}
	v.ui.Background(func(ctx context.Context) error {
		var err error
		if reqs, err = access.Requests(ctx, v.ui.SessFor(ctx), access.RequestFilter{Pending: true, Limit: 200}); err != nil {
			return err
		}
		var ids []string
		for _, r := range reqs {
			ids = append(ids, r.Recordings...)
		}
		if len(ids) == 0 {
			return nil
		}
		found, err := records.Recordings(ctx, v.ui.SessFor(ctx), records.RecordingFilter{IDs: ids})
		for _, r := range found {
			recs[r.ID] = r
		}
		return err
	}, func(err error) {
		if no != v.loadNo {
			return
		}
		if err != nil {
			v.setDetail(shell.WrapLabel(i18n.ViewErrorText(err)))
			return
		}
		v.pending, v.recs = reqs, recs
		v.Table.Set(reqs)
		if len(reqs) == 0 {
			v.setDetail(widget.NewLabel(i18n.T("appr.none")))
		}
	})
}

// card shows the selected pending request with its decision controls.
func (v *ApprovalsView) card(r access.Request) fyne.CanvasObject {
	recs := v.recs
	lines := []string{i18n.T("req.reason_line", i18n.M{"Reason": r.Reason})}
	secret := false
	for _, id := range r.Recordings {
		rec, ok := recs[id]
		if !ok {
			lines = append(lines, i18n.T("appr.rec_hidden", i18n.M{"ID": id}))
			secret = true
			continue
		}
		if rec.Classification.Classified() {
			secret = true
		}
		lines = append(lines, i18n.T("appr.rec_line", i18n.M{"Name": rec.OriginalName, "When": i18n.When(rec.RecordedAt),
			"Officer": v.ui.OfficerName(rec.OfficerID), "Class": i18n.Classification(rec.Classification)}))
	}
	body := container.NewVBox(shell.WrapLabel(strings.Join(lines, "\n")))
	if secret {
		warn := shell.WrapLabel(i18n.T("appr.secret"))
		warn.Importance = widget.WarningImportance
		body.Add(warn)
	}
	days := widget.NewEntry()
	days.SetText(strconv.Itoa(int(access.DefaultGrant / (24 * time.Hour))))
	days.SetPlaceHolder(i18n.T("appr.days_hint"))
	note := widget.NewEntry()
	note.SetPlaceHolder(i18n.T("appr.note_hint"))
	approve := widget.NewButton(i18n.T("appr.approve"), nil)
	approve.Importance = widget.HighImportance
	refuse := widget.NewButton(i18n.T("appr.refuse"), nil)
	refuse.Importance = widget.DangerImportance
	done := shell.WrapLabel("")
	decide := func(d access.Decision, question string) {
		v.ui.Confirm(i18n.T("appr.confirm_title"), question, func() {
			approve.Disable()
			refuse.Disable()
			v.ui.Background(func(ctx context.Context) error {
				_, err := access.Decide(ctx, v.ui.SessFor(ctx), r.ID, d)
				return err
			}, func(err error) {
				if err != nil {
					approve.Enable()
					refuse.Enable()
					done.SetText(i18n.ViewErrorText(err))
					done.Importance = widget.DangerImportance
					done.Refresh()
					v.Message.SetText(i18n.T("appr.failed", i18n.M{"ID": r.ID}) + i18n.ViewErrorText(err))
					return
				}
				key := "appr.done_refused"
				if d.Approve {
					key = "appr.done_approved"
				}
				v.Message.SetText(i18n.T(key, i18n.M{"ID": r.ID}))
				v.Load()
			})
		})
	}
	approve.OnTapped = func() {
		n, err := strconv.Atoi(strings.TrimSpace(days.Text))
		if err != nil || n < 1 || n > 365 {
			done.SetText(i18n.T("appr.bad_days"))
			return
		}
		decide(access.Decision{Approve: true, Note: strings.TrimSpace(note.Text), ValidFor: time.Duration(n) * 24 * time.Hour},
			i18n.T("appr.confirm_approve", i18n.M{"ID": r.ID, "Who": v.ui.PersonName(r.Requester), "Days": n}))
	}
	refuse.OnTapped = func() {
		if strings.TrimSpace(note.Text) == "" {
			done.SetText(i18n.T("appr.need_note"))
			return
		}
		decide(access.Decision{Note: strings.TrimSpace(note.Text)}, i18n.T("appr.confirm_refuse", i18n.M{"ID": r.ID, "Who": v.ui.PersonName(r.Requester)}))
	}
	form := widget.NewForm(widget.NewFormItem(i18n.T("appr.days"), days), widget.NewFormItem(i18n.T("appr.note"), note))
	body.Add(form)
	body.Add(container.NewHBox(approve, refuse))
	body.Add(done)
	title := i18n.T("appr.card_title", i18n.M{"ID": r.ID, "Who": v.ui.PersonName(r.Requester), "Purpose": i18n.Purpose(r.Purpose), "N": len(r.Recordings)})
	return widget.NewCard(title, i18n.T("appr.card_sub", i18n.M{"When": i18n.When(r.CreatedAt)}), body)
}
