package app

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
	"evidock/retention"
	"evidock/store"
)

// purgeView is 到期清理: recordings past their retention and held by no
// case, a purge request for those ticked, and the leader's decision on the
// pending requests. Nothing leaves the archive without that approval, and
// every purged recording leaves a tombstone.
type purgeView struct {
	ui       *Shell
	Root     fyne.CanvasObject
	Expired  []retention.RetentionItem
	ticked   map[string]bool
	List     *dataTable[retention.RetentionItem]
	count    *widget.Label
	msg      *widget.Label
	reason   *widget.Entry
	Reqs     []retention.PurgeRequest
	ReqList  *dataTable[retention.PurgeRequest]
	note     *widget.Entry
	approve  *widget.Button
	refuse   *widget.Button
	reqCount *widget.Label
}

func newPurgeView(ui *Shell) *purgeView {
	v := &purgeView{ui: ui, ticked: map[string]bool{}, count: widget.NewLabel(""), msg: wrapLabel(""),
		reqCount: widget.NewLabel("")}
	var left, right fyne.CanvasObject = notAllowed(), notAllowed()
	if ui.may(store.ActRetentionRead) {
		left = v.expiredPane()
	}
	if ui.may(store.ActPurgeRead) {
		right = v.requestsPane()
	}
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	v.Root = split
	v.Load()
	return v
}

func (v *purgeView) expiredPane() fyne.CanvasObject {
	v.List = newDataTable(v.ui, []column[retention.RetentionItem]{
		col("tables.col_ticked", 50, func(it retention.RetentionItem) string {
			if it.PurgeRequest != 0 {
				return "#" + strconv.FormatInt(it.PurgeRequest, 10)
			}
			if v.ticked[it.RecordingID] {
				return "√"
			}
			return ""
		}),
		whenCol("rec.col_time", 150, func(it retention.RetentionItem) time.Time { return it.RecordedAt }),
		col("rec.col_file", 180, func(it retention.RetentionItem) string { return it.OriginalName }),
		col("rec.col_device", 80, func(it retention.RetentionItem) string { return orDash(it.DeviceID) }),
		col("rec.col_officer", 110, func(it retention.RetentionItem) string { return v.ui.OfficerName(it.OfficerID) }),
		col("rec.col_size", 80, func(it retention.RetentionItem) string { return Bytes(it.Size) }).
			By(func(a, b retention.RetentionItem) int { return cmp.Compare(a.Size, b.Size) }),
		dayCol("tables.col_kept_until", 120, func(it retention.RetentionItem) time.Time { return it.Until }),
	}, 1, false, filters[retention.RetentionItem]{
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
	all := widget.NewButton(T("kp.tick_all"), func() {
		for _, it := range v.List.Rows() {
			if it.PurgeRequest == 0 {
				v.ticked[it.RecordingID] = true
			}
		}
		v.sayTicked()
	})
	reload := widget.NewButton(T("kp.reload"), v.Load)
	top := container.NewVBox(boldLabel(T("kp.expired_title")), wrapLabel(T("kp.expired_intro")), wrapLabel(T("tables.tap_to_tick")),
		container.NewHBox(all, reload, v.count))
	var bottom fyne.CanvasObject = v.msg
	if v.ui.may(store.ActPurgeRequest) {
		v.reason = widget.NewEntry()
		v.reason.SetPlaceHolder(T("kp.purge_reason_hint"))
		req := widget.NewButton(T("kp.purge_request"), v.request)
		req.Importance = widget.DangerImportance
		bottom = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, req, v.reason), v.msg)
	}
	return container.NewBorder(top, bottom, nil, nil, v.List.Root)
}

// Load lists the expired, unheld recordings and the purge requests.
func (v *purgeView) Load() {
	var items []retention.RetentionItem
	var reqs []retention.PurgeRequest
	wantExpired, wantRequests := v.List != nil, v.ReqList != nil
	v.ui.background(func(ctx context.Context) error {
		var err error
		if wantExpired {
			if items, err = retention.List(ctx, v.ui.sessFor(ctx), retention.RetentionFilter{Expired: true}); err != nil {
				return err
			}
		}
		if wantRequests {
			reqs, err = retention.PurgeRequests(ctx, v.ui.sessFor(ctx), false)
		}
		return err
	}, func(err error) {
		if err != nil {
			v.msg.SetText(ErrorText(err))
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
			v.reqCount.SetText(T("kp.requests_count", M{"N": len(reqs), "Pending": pending}))
			v.decideButtons(false)
		}
	})
}

func (v *purgeView) sayTicked() {
	v.List.Redraw()
	n, size := v.TickedItems()
	v.count.SetText(T("kp.expired_count", M{"N": len(v.Expired), "Ticked": len(n), "Size": Bytes(size)}))
}

// tickedItems are the ticked recordings and their total size.
func (v *purgeView) TickedItems() ([]retention.RetentionItem, int64) {
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
func (v *purgeView) Tick(id string) { v.ticked[id] = true; v.sayTicked() }

// request asks a leader to purge the ticked recordings, after saying
// exactly what would go.
func (v *purgeView) request() {
	items, size := v.TickedItems()
	reason := strings.TrimSpace(v.reason.Text)
	if len(items) == 0 || reason == "" {
		v.msg.SetText(T("kp.purge_needs"))
		return
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.RecordingID)
	}
	msg := T("kp.confirm_request", M{"N": len(items), "Size": Bytes(size), "List": itemsList(items)})
	v.ui.confirm(T("kp.purge_title"), msg, func() {
		var r retention.PurgeRequest
		v.ui.background(func(ctx context.Context) error {
			var err error
			r, err = retention.RequestPurge(ctx, v.ui.sessFor(ctx), ids, reason)
			return err
		}, func(err error) {
			if err != nil {
				v.msg.SetText(T("kp.purge_refused", M{"Err": ErrorText(err)}))
				return
			}
			v.reason.SetText("")
			v.msg.SetText(T("kp.requested", M{"ID": r.ID, "N": len(r.Recordings)}))
			v.Load()
		})
	})
}

// itemsList names up to ten recordings, one a line.
func itemsList(items []retention.RetentionItem) string {
	var b strings.Builder
	for i, it := range items {
		if i == 10 {
			b.WriteString(T("verify.more", M{"N": len(items) - 10}) + "\n")
			break
		}
		b.WriteString("• " + ExpiredLine(it) + "\n")
	}
	return b.String()
}

func (v *purgeView) requestsPane() fyne.CanvasObject {
	v.ReqList = newDataTable(v.ui, []column[retention.PurgeRequest]{
		numCol("tables.col_no", 50, func(r retention.PurgeRequest) int64 { return r.ID }),
		whenCol("tables.col_submitted", 150, func(r retention.PurgeRequest) time.Time { return r.CreatedAt }),
		col("tables.col_requester", 110, func(r retention.PurgeRequest) string { return v.ui.PersonName(r.Requester) }),
		numCol("tables.col_recordings", 60, func(r retention.PurgeRequest) int64 { return int64(len(r.Recordings)) }),
		col("tables.col_status", 80, func(r retention.PurgeRequest) string { return lookup("kp.status_", string(r.Status)) }),
		col("tables.col_decided_by", 110, func(r retention.PurgeRequest) string { return v.ui.PersonName(r.DecidedBy) }),
		col("tables.col_reason", 200, func(r retention.PurgeRequest) string { return r.Reason }),
	}, 1, true, filters[retention.PurgeRequest]{
		Day:    func(r retention.PurgeRequest) time.Time { return r.CreatedAt },
		Person: func(r retention.PurgeRequest) string { return r.Requester },
	})
	v.ReqList.OnSelect = func(r retention.PurgeRequest) { v.decideButtons(r.Status == access.Pending) }
	v.ReqList.OnUnselect = func() { v.decideButtons(false) }
	top := container.NewVBox(boldLabel(T("kp.requests_title")), v.reqCount)
	var bottom fyne.CanvasObject
	if v.ui.may(store.ActPurgeDecide) {
		v.note = widget.NewEntry()
		v.note.SetPlaceHolder(T("kp.decide_note_hint"))
		v.approve = widget.NewButton(T("kp.approve"), func() { v.decide(true) })
		v.approve.Importance = widget.DangerImportance
		v.refuse = widget.NewButton(T("kp.refuse"), func() { v.decide(false) })
		bottom = container.NewVBox(widget.NewSeparator(), wrapLabel(T("kp.decide_intro")), v.note, container.NewHBox(v.approve, v.refuse))
	}
	return container.NewBorder(top, bottom, nil, nil, v.ReqList.Root)
}

func (v *purgeView) decideButtons(on bool) {
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
func (v *purgeView) SelectRequest(i int) { v.ReqList.Select(i) }

// decide approves or refuses the selected request; approval first says
// exactly what will be removed and that the tombstones remain.
func (v *purgeView) decide(approve bool) {
	r, ok := v.ReqList.Selected()
	if !ok {
		return
	}
	note := strings.TrimSpace(v.note.Text)
	run := func() {
		v.ui.background(func(ctx context.Context) error {
			_, err := retention.DecidePurge(ctx, v.ui.sessFor(ctx), r.ID, approve, note)
			return err
		}, func(err error) {
			if err != nil {
				v.msg.SetText(ErrorText(err))
				v.reqCount.SetText(ErrorText(err))
				return
			}
			v.note.SetText("")
			v.reqCount.SetText(T("kp.decided", M{"ID": r.ID}))
			v.Load()
		})
	}
	if !approve {
		v.ui.confirm(T("kp.purge_title"), T("kp.confirm_refuse", M{"ID": r.ID}), run)
		return
	}
	// Name what goes: read the recordings' names and sizes first.
	var items []retention.RetentionItem
	v.ui.background(func(ctx context.Context) error {
		var err error
		items, err = retention.List(ctx, v.ui.sessFor(ctx), retention.RetentionFilter{IDs: r.Recordings})
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
		v.ui.confirm(T("kp.purge_title"), T("kp.confirm_approve", M{"ID": r.ID, "N": len(r.Recordings), "Size": Bytes(size),
			"List": list, "Requester": v.ui.PersonName(r.Requester), "Reason": r.Reason}), run)
	})
}

// ExpiredLine is one expired recording.
func ExpiredLine(it retention.RetentionItem) string {
	s := fmt.Sprintf("%s  %s  %s  %s  %s", it.RecordedAt.Local().Format("2006-01-02"), it.OriginalName, orDash(it.OfficerID),
		Bytes(it.Size), T("kp.until", M{"Until": it.Until.Local().Format("2006-01-02")}))
	if it.PurgeRequest != 0 {
		s += "  " + T("kp.in_request", M{"ID": it.PurgeRequest})
	}
	return s
}
