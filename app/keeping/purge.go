package keeping

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/retention"
	"evidock/store"
)

// PurgeView is 到期清理: recordings past their retention and held by no
// case, a purge request for those ticked, and the leader's decision on the
// pending requests. Nothing leaves the archive without that approval, and
// every purged recording leaves a tombstone.
type PurgeView struct {
	ui       *shell.Shell
	Root     fyne.CanvasObject
	Expired  []retention.RetentionItem
	ticked   map[string]bool
	List     *shell.DataTable[retention.RetentionItem]
	count    *widget.Label
	msg      *widget.Label
	reason   *widget.Entry
	Reqs     []retention.PurgeRequest
	ReqList  *shell.DataTable[retention.PurgeRequest]
	note     *widget.Entry
	approve  *widget.Button
	refuse   *widget.Button
	reqCount *widget.Label
}

func NewPurgeView(ui *shell.Shell) *PurgeView {
	v := &PurgeView{ui: ui, ticked: map[string]bool{}, count: widget.NewLabel(""), msg: shell.WrapLabel(""),
		reqCount: widget.NewLabel("")}
	var left, right fyne.CanvasObject = shell.NotAllowed(), shell.NotAllowed()
	if ui.May(store.ActRetentionRead) {
		left = v.expiredPane()
	}
	if ui.May(store.ActPurgeRead) {
		right = v.requestsPane()
	}
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	v.Root = split
	v.Load()
	return v
}

func (v *PurgeView) expiredPane() fyne.CanvasObject {
	v.List = shell.NewDataTable(v.ui, []shell.Column[retention.RetentionItem]{
		shell.Col("tables.col_ticked", 50, func(it retention.RetentionItem) string {
			if it.PurgeRequest != 0 {
				return "#" + strconv.FormatInt(it.PurgeRequest, 10)
			}
			if v.ticked[it.RecordingID] {
				return "√"
			}
			return ""
		}),
		shell.WhenCol("rec.col_time", 150, func(it retention.RetentionItem) time.Time { return it.RecordedAt }),
		shell.Col("rec.col_file", 180, func(it retention.RetentionItem) string { return it.OriginalName }),
		shell.Col("rec.col_device", 80, func(it retention.RetentionItem) string { return i18n.OrDash(it.DeviceID) }),
		shell.Col("rec.col_officer", 110, func(it retention.RetentionItem) string { return v.ui.OfficerName(it.OfficerID) }),
		shell.Col("rec.col_size", 80, func(it retention.RetentionItem) string { return i18n.Bytes(it.Size) }).
			By(func(a, b retention.RetentionItem) int { return cmp.Compare(a.Size, b.Size) }),
		shell.DayCol("tables.col_kept_until", 120, func(it retention.RetentionItem) time.Time { return it.Until }),
	}, 1, false, shell.Filters[retention.RetentionItem]{
		Day:     func(it retention.RetentionItem) time.Time { return it.RecordedAt },
		Officer: func(it retention.RetentionItem) string { return it.OfficerID },
		Device:  func(it retention.RetentionItem) string { return it.DeviceID },
	})
	// Tapping a row ticks it or takes the tick away (not one already in a
	// request).
	v.List.OnSelect = func(it retention.RetentionItem) {
		if it.PurgeRequest == 0 {
			v.ticked[it.RecordingID] = !v.ticked[it.RecordingID]
			v.sayTicked()
		}
		v.List.Unselect()
	}
	all := widget.NewButton(i18n.T("kp.tick_all"), func() {
		for _, it := range v.List.Rows() {
			if it.PurgeRequest == 0 {
				v.ticked[it.RecordingID] = true
			}
		}
		v.sayTicked()
	})
	reload := widget.NewButton(i18n.T("kp.reload"), v.Load)
	top := container.NewVBox(shell.BoldLabel(i18n.T("kp.expired_title")), shell.WrapLabel(i18n.T("kp.expired_intro")), shell.WrapLabel(i18n.T("tables.tap_to_tick")),
		container.NewHBox(all, reload, v.count))
	var bottom fyne.CanvasObject = v.msg
	if v.ui.May(store.ActPurgeRequest) {
		v.reason = widget.NewEntry()
		v.reason.SetPlaceHolder(i18n.T("kp.purge_reason_hint"))
		req := widget.NewButton(i18n.T("kp.purge_request"), v.request)
		req.Importance = widget.DangerImportance
		bottom = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, req, v.reason), v.msg)
	}
	return container.NewBorder(top, bottom, nil, nil, v.List.Root)
}

// Load lists the expired, unheld recordings and the purge requests.
func (v *PurgeView) Load() {
	var items []retention.RetentionItem
	var reqs []retention.PurgeRequest
	wantExpired, wantRequests := v.List != nil, v.ReqList != nil
	v.ui.Background(func(ctx context.Context) error {
		var err error
		if wantExpired {
			if items, err = retention.List(ctx, v.ui.SessFor(ctx), retention.RetentionFilter{Expired: true}); err != nil {
				return err
			}
		}
		if wantRequests {
			reqs, err = retention.PurgeRequests(ctx, v.ui.SessFor(ctx), false)
		}
		return err
	}, func(err error) {
		if err != nil {
			v.msg.SetText(i18n.ErrorText(err))
			return
		}
		if v.List != nil {
			v.Expired, v.ticked = items, map[string]bool{}
			v.List.Set(items)
			v.sayTicked()
		}
		if v.ReqList != nil {
			v.Reqs = reqs
			v.ReqList.Set(reqs)
			pending := 0
			for _, r := range reqs {
				if r.Status == access.Pending {
					pending++
				}
			}
			v.reqCount.SetText(i18n.T("kp.requests_count", i18n.M{"N": len(reqs), "Pending": pending}))
			v.decideButtons(false)
		}
	})
}

func (v *PurgeView) sayTicked() {
	v.List.Redraw()
	n, size := v.TickedItems()
	v.count.SetText(i18n.T("kp.expired_count", i18n.M{"N": len(v.Expired), "Ticked": len(n), "Size": i18n.Bytes(size)}))
}

// tickedItems are the ticked recordings and their total size.
func (v *PurgeView) TickedItems() ([]retention.RetentionItem, int64) {
	var out []retention.RetentionItem
	var size int64
	for _, it := range v.Expired {
		if v.ticked[it.RecordingID] {
			out = append(out, it)
			size += it.Size
		}
	}
	return out, size
}

// Tick ticks the expired recording id (tests).
func (v *PurgeView) Tick(id string) { v.ticked[id] = true; v.sayTicked() }

// request asks a leader to purge the ticked recordings, after saying
// exactly what would go.
func (v *PurgeView) request() {
	items, size := v.TickedItems()
	reason := strings.TrimSpace(v.reason.Text)
	if len(items) == 0 || reason == "" {
		v.msg.SetText(i18n.T("kp.purge_needs"))
		return
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.RecordingID)
	}
	msg := i18n.T("kp.confirm_request", i18n.M{"N": len(items), "Size": i18n.Bytes(size), "List": itemsList(items)})
	v.ui.Confirm(i18n.T("kp.purge_title"), msg, func() {
		var r retention.PurgeRequest
		v.ui.Background(func(ctx context.Context) error {
			var err error
			r, err = retention.RequestPurge(ctx, v.ui.SessFor(ctx), ids, reason)
			return err
		}, func(err error) {
			if err != nil {
				v.msg.SetText(i18n.T("kp.purge_refused", i18n.M{"Err": i18n.ErrorText(err)}))
				return
			}
			v.reason.SetText("")
			v.msg.SetText(i18n.T("kp.requested", i18n.M{"ID": r.ID, "N": len(r.Recordings)}))
			v.Load()
		})
	})
}

// itemsList names up to ten recordings, one a line.
func itemsList(items []retention.RetentionItem) string {
	var b strings.Builder
	for i, it := range items {
		if i == 10 {
			b.WriteString(i18n.T("verify.more", i18n.M{"N": len(items) - 10}) + "\n")
			break
		}
		b.WriteString("• " + ExpiredLine(it) + "\n")
	}
	return b.String()
}

func (v *PurgeView) requestsPane() fyne.CanvasObject {
	v.ReqList = shell.NewDataTable(v.ui, []shell.Column[retention.PurgeRequest]{
		shell.NumCol("tables.col_no", 50, func(r retention.PurgeRequest) int64 { return r.ID }),
		shell.WhenCol("tables.col_submitted", 150, func(r retention.PurgeRequest) time.Time { return r.CreatedAt }),
		shell.Col("tables.col_requester", 110, func(r retention.PurgeRequest) string { return v.ui.PersonName(r.Requester) }),
		shell.NumCol("tables.col_recordings", 60, func(r retention.PurgeRequest) int64 { return int64(len(r.Recordings)) }),
		shell.Col("tables.col_status", 80, func(r retention.PurgeRequest) string { return i18n.Lookup("kp.status_", string(r.Status)) }),
		shell.Col("tables.col_decided_by", 110, func(r retention.PurgeRequest) string { return v.ui.PersonName(r.DecidedBy) }),
		shell.Col("tables.col_reason", 200, func(r retention.PurgeRequest) string { return r.Reason }),
	}, 1, true, shell.Filters[retention.PurgeRequest]{
		Day:    func(r retention.PurgeRequest) time.Time { return r.CreatedAt },
		Person: func(r retention.PurgeRequest) string { return r.Requester },
	})
	v.ReqList.OnSelect = func(r retention.PurgeRequest) { v.decideButtons(r.Status == access.Pending) }
	v.ReqList.OnUnselect = func() { v.decideButtons(false) }
	top := container.NewVBox(shell.BoldLabel(i18n.T("kp.requests_title")), v.reqCount)
	var bottom fyne.CanvasObject
	if v.ui.May(store.ActPurgeDecide) {
		v.note = widget.NewEntry()
		v.note.SetPlaceHolder(i18n.T("kp.decide_note_hint"))
		v.approve = widget.NewButton(i18n.T("kp.approve"), func() { v.decide(true) })
		v.approve.Importance = widget.DangerImportance
		v.refuse = widget.NewButton(i18n.T("kp.refuse"), func() { v.decide(false) })
		bottom = container.NewVBox(widget.NewSeparator(), shell.WrapLabel(i18n.T("kp.decide_intro")), v.note, container.NewHBox(v.approve, v.refuse))
	}
	return container.NewBorder(top, bottom, nil, nil, v.ReqList.Root)
}

func (v *PurgeView) decideButtons(on bool) {
	for _, b := range []*widget.Button{v.approve, v.refuse} {
		if b == nil {
			continue
		}
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// SelectRequest selects the i-th purge request (tests).
func (v *PurgeView) SelectRequest(i int) { v.ReqList.Select(i) }

// decide approves or refuses the selected request; approval first says
// exactly what will be removed and that the tombstones remain.
func (v *PurgeView) decide(approve bool) {
	r, ok := v.ReqList.Selected()
	if !ok {
		return
	}
	note := strings.TrimSpace(v.note.Text)
	run := func() {
		v.ui.Background(func(ctx context.Context) error {
			_, err := retention.DecidePurge(ctx, v.ui.SessFor(ctx), r.ID, approve, note)
			return err
		}, func(err error) {
			if err != nil {
				v.msg.SetText(i18n.ErrorText(err))
				v.reqCount.SetText(i18n.ErrorText(err))
				return
			}
			v.note.SetText("")
			v.reqCount.SetText(i18n.T("kp.decided", i18n.M{"ID": r.ID}))
			v.Load()
		})
	}
	if !approve {
		v.ui.Confirm(i18n.T("kp.purge_title"), i18n.T("kp.confirm_refuse", i18n.M{"ID": r.ID}), run)
		return
	}
	// Name what goes: read the recordings' names and sizes first.
	var items []retention.RetentionItem
	v.ui.Background(func(ctx context.Context) error {
		var err error
		items, err = retention.List(ctx, v.ui.SessFor(ctx), retention.RetentionFilter{IDs: r.Recordings})
		return err
	}, func(err error) {
		var size int64
		for _, it := range items {
			size += it.Size
		}
		list := itemsList(items)
		if err != nil || len(items) == 0 {
			list = strings.Join(r.Recordings, "\n")
		}
		v.ui.Confirm(i18n.T("kp.purge_title"), i18n.T("kp.confirm_approve", i18n.M{"ID": r.ID, "N": len(r.Recordings), "Size": i18n.Bytes(size),
			"List": list, "Requester": v.ui.PersonName(r.Requester), "Reason": r.Reason}), run)
	})
}

// ExpiredLine is one expired recording.
func ExpiredLine(it retention.RetentionItem) string {
	s := fmt.Sprintf("%s  %s  %s  %s  %s", it.RecordedAt.Local().Format("2006-01-02"), it.OriginalName, i18n.OrDash(it.OfficerID),
		i18n.Bytes(it.Size), i18n.T("kp.until", i18n.M{"Until": it.Until.Local().Format("2006-01-02")}))
	if it.PurgeRequest != 0 {
		s += "  " + i18n.T("kp.in_request", i18n.M{"ID": it.PurgeRequest})
	}
	return s
}
