package followups_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"evidock/custody"
	"evidock/digest"
	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

// A generated month: 30 officers, each with a recorder they check out every
// third day; clips with and without interruptions; docks on time, the next
// day, after remote work, or never; answers to some of the follow-up
// questions. The test works out every number of the dashboard from the
// world it generated, by the regulation's rules as it states them here, and
// compares.

// genClip is one clip the test recorded.
type genClip struct {
	name     string
	officer  string // the officer the recording belongs to
	device   string
	at       time.Time
	dur      time.Duration
	imported time.Time // zero: never imported
	remote   bool
	back     time.Time // declared return from remote work
	category bool      // the officer gives its activity type
	reason   bool      // a late import's reason is given
}

// genShift is one check-out.
type genShift struct {
	officer, device string
	out, until      time.Time
	remote          bool
	checkin, dock   time.Time // zero: did not happen
	clips           []*genClip
}

// lateRule is Art. 13 as this test reads it: imported after the end of the
// recording's day, or, after remote work, after the later of that and 24 h
// after the return.
func lateRule(c *genClip) bool {
	l := c.at.In(time.Local)
	deadline := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, time.Local)
	if c.remote && c.back.Add(24*time.Hour).After(deadline) {
		deadline = c.back.Add(24 * time.Hour)
	}
	return c.imported.After(deadline)
}

// overdueRule: a recorder is due at the declared return (24 h after it for
// remote work) or else at the end of the day it went out; it is overdue when
// it came back after that, or has not come back by now.
func overdueRule(s *genShift, now time.Time) bool {
	due := s.until
	switch {
	case s.remote:
		due = s.until.Add(24 * time.Hour)
	case s.until.IsZero():
		l := s.out.In(time.Local)
		due = time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, time.Local)
	}
	back := s.checkin
	if !s.dock.IsZero() && (back.IsZero() || s.dock.Before(back)) {
		back = s.dock
	}
	if back.IsZero() {
		return now.After(due)
	}
	return back.After(due)
}

type event struct {
	at time.Time
	do func()
}

func TestDashboardGeneratedMonth(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	clk := &storetest.Clock{T: time.Date(2025, 2, 28, 8, 0, 0, 0, time.Local)}
	st.Now = clk.Now
	root, err := st.InitAdmin(ctx, "root", "", storetest.Password)
	storetest.Must(t, err)
	keeper := storetest.MustUser(t, st, root, "keeper", "", store.RoleCustodian)
	boss := storetest.MustUser(t, st, root, "boss", "", store.RoleLeader)
	sup := storetest.MustUser(t, st, root, "sup", "", store.RoleSupervisor)
	rng := rand.New(rand.NewPCG(7, 2025))
	const officers = 30
	num := func(i int) string { return fmt.Sprintf("J%03d", i) }
	dev := func(i int) string { return fmt.Sprintf("DSJ-%03d", i) }
	for i := 1; i <= officers; i++ {
		storetest.Must(t, root.AddOfficer(ctx, store.Officer{Number: num(i), Name: fmt.Sprintf("执法人员%d", i)}))
		storetest.Must(t, root.AddDevice(ctx, store.Device{Serial: dev(i), Officer: num(i)}))
	}
	day := func(d, h, m int) time.Time { return time.Date(2025, 3, d, h, m, 0, 0, time.Local) }

	// The world.
	var shifts []*genShift
	var clips []*genClip
	for i := 1; i <= officers; i++ {
		for d := 1 + i%3; d <= 28; d += 3 {
			if rng.IntN(4) == 0 {
				continue
			}
			s := &genShift{officer: num(i), device: dev(i), out: day(d, 8, 0)}
			kind := rng.IntN(10)
			switch {
			case kind < 5: // docked the same evening
				s.dock = day(d, 17, 0)
			case kind < 6: // declared return at 16:00, docked at 17:00: overdue, on time
				s.until, s.dock = day(d, 16, 0), day(d, 17, 0)
			case kind < 7: // docked the next morning: overdue and late
				s.dock = day(d+1, 10, 0)
			case kind < 8: // checked in at 17:00, docked the next day: late, not overdue
				s.checkin, s.dock = day(d, 17, 0), day(d+1, 9, 0)
			case kind < 9: // remote work back the next evening, docked within 24 h or not
				s.remote, s.until = true, day(d+1, 18, 0)
				s.dock = day(d+2, 10, 0)
				if rng.IntN(2) == 0 {
					s.dock = day(d+3, 0, 30)
				}
			default: // never docked, checked in or not
				if rng.IntN(2) == 0 {
					s.checkin = day(d, 17, 30)
				}
			}
			still := s.dock.IsZero() && s.checkin.IsZero()
			at := day(d, 9, 0)
			for k := range 1 + rng.IntN(3) {
				c := &genClip{name: fmt.Sprintf("%s_%02d_%d.MP4", s.device, d, k), officer: s.officer, device: s.device,
					at: at, dur: 10 * time.Minute, imported: s.dock, remote: s.remote, back: s.until,
					category: rng.IntN(3) > 0, reason: rng.IntN(2) == 0}
				pause := 30 * time.Second
				if rng.IntN(3) == 0 {
					pause = 5 * time.Minute // an interruption
				}
				at = at.Add(c.dur + pause)
				s.clips = append(s.clips, c)
				clips = append(clips, c)
			}
			shifts = append(shifts, s)
			if still {
				break // still out: no more check-outs of this recorder
			}
		}
	}
	// The recorder of officer 1 was lent: the first shift's last clip names officer 2.
	shifts[0].clips[len(shifts[0].clips)-1].officer = num(2)
	if shifts[0].dock.IsZero() {
		shifts[0].dock = shifts[0].out.Add(9 * time.Hour)
		for _, c := range shifts[0].clips {
			c.imported = shifts[0].dock
		}
	}

	// Act it out in time order.
	var events []event
	for _, s := range shifts {
		events = append(events, event{s.out, func() {
			_, err := custody.CheckOut(ctx, keeper, custody.Checkout{Device: s.device, Officer: s.officer, Until: s.until, Remote: s.remote})
			storetest.Must(t, err)
		}})
		if !s.checkin.IsZero() {
			events = append(events, event{s.checkin, func() { _, err := custody.CheckIn(ctx, keeper, s.device, ""); storetest.Must(t, err) }})
		}
		if !s.dock.IsZero() {
			events = append(events, event{s.dock, func() { dockClips(t, st, s) }})
		}
	}
	// A failed import that a later one finished, and one nobody finished.
	events = append(events, event{day(29, 9, 0), func() { failedImport(t, st, "X-5", num(5)) }})
	events = append(events, event{day(29, 10, 0), func() { dockClips(t, st, &genShift{device: "X-5", officer: num(5)}) }})
	events = append(events, event{day(30, 9, 0), func() { failedImport(t, st, "X-6", num(6)) }})
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	for _, e := range events {
		clk.T = e.at
		e.do()
	}
	clk.T = time.Date(2025, 4, 1, 12, 0, 0, 0, time.Local)
	now := clk.T

	// Answers: activity types, late reasons, explanations of some gaps.
	ids := map[string]records.Recording{}
	recs, err := records.QueryRecordings(ctx, st, records.RecordingFilter{})
	storetest.Must(t, err)
	for _, r := range recs {
		ids[r.OriginalName] = r
	}
	for _, c := range clips {
		r, ok := ids[c.name]
		if c.imported.IsZero() {
			if ok {
				t.Fatalf("%s imported, never docked", c.name)
			}
			continue
		}
		if c.category {
			storetest.Must(t, followups.Categorize(ctx, sup.OnBehalf("answers collected on paper"), []string{r.ID}, "inspection"))
		}
		if lateRule(c) && c.reason {
			storetest.Must(t, followups.ExplainLate(ctx, sup.OnBehalf("answers collected on paper"), []string{r.ID}, "车辆故障，次日返回"))
		}
	}
	type gapKey struct {
		device string
		from   int64 // unix ms
	}
	explain := map[gapKey]bool{}
	type want struct {
		recs, late, lateOpen, uncat, gaps, gapsOpen, checkouts, overdue, notRec int
	}
	exp := map[string]*want{}
	w := func(o string) *want {
		if exp[o] == nil {
			exp[o] = &want{}
		}
		return exp[o]
	}
	open := map[string]int{}
	daily := map[string][2]int{} // recordings, on time
	for _, s := range shifts {
		w(s.officer).checkouts++
		if overdueRule(s, now) {
			w(s.officer).overdue++
		}
		if s.dock.IsZero() && s.checkin.IsZero() && now.After(s.out) {
			open[followups.ItemOverdue]++ // every never-returned shift is past due by April
		}
		for k, c := range s.clips {
			if c.imported.IsZero() {
				continue
			}
			e := w(c.officer)
			e.recs++
			d := c.at.In(time.Local).Format(time.DateOnly)
			v := daily[d]
			v[0]++
			if lateRule(c) {
				e.late++
				if !c.reason {
					e.lateOpen++
					open[followups.ItemLate]++
				}
			} else {
				v[1]++
			}
			daily[d] = v
			if !c.category {
				e.uncat++
				open[followups.ItemUncategorised]++
			}
			if k > 0 {
				prev := s.clips[k-1]
				if c.at.Sub(prev.at.Add(prev.dur)) > store.DefaultSettings().GapThreshold {
					e.gaps++
					if rng.IntN(2) == 0 {
						explain[gapKey{c.device, prev.at.Add(prev.dur).UnixMilli()}] = true
					} else {
						e.gapsOpen++
						open[followups.ItemGap]++
					}
				}
			}
		}
	}
	gaps, err := followups.Gaps(ctx, root, "", true)
	storetest.Must(t, err)
	for _, g := range gaps {
		if explain[gapKey{g.DeviceID, g.From.UnixMilli()}] {
			storetest.Must(t, followups.Explain(ctx, sup.OnBehalf("answers collected on paper"), g.ID, "battery", "", true))
		}
	}
	// Work records: officers 3 and 4 file two and one; the leader acknowledges one.
	o3 := storetest.MustUser(t, st, root, "o3", num(3), store.RoleOfficer)
	o4 := storetest.MustUser(t, st, root, "o4", num(4), store.RoleOfficer)
	for _, f := range []struct {
		sess *store.Session
		day  string
	}{{o3, "2025-03-05"}, {o3, "2025-03-20"}, {o4, "2025-03-11"}} {
		n, err := followups.FileNotRecorded(ctx, f.sess, followups.NotRecorded{Day: f.day, Place: "某宾馆", Category: "inspection", Reason: "secret_privacy", Basis: "第七条第一项", Text: "客房内涉及个人隐私"})
		storetest.Must(t, err)
		if f.day == "2025-03-20" {
			storetest.Must(t, followups.AckNotRecorded(ctx, boss, n.ID, "已阅"))
		}
	}
	w(num(3)).notRec, w(num(4)).notRec = 2, 1
	open[followups.ItemNotRecorded] = 2
	open[followups.ItemImport] = 1
	open[followups.ItemUnregistered] = 2 // were docked but never registered

	d, err := followups.DashboardFor(ctx, sup, followups.Period{From: "2025-03-01", To: "2025-03-31"})
	storetest.Must(t, err)
	t.Logf("open %v; totals %+v", d.Open, d.Totals)
	for _, k := range followups.ItemKinds {
		if d.Open[k] != open[k] {
			t.Errorf("open %s: %d, want %d", k, d.Open[k], open[k])
		}
	}
	got := map[string]followups.OfficerRow{}
	for _, r := range d.Officers {
		got[r.Officer] = r
	}
	for o, e := range exp {
		r := got[o]
		checks := []struct {
			what      string
			got, want any
		}{
			{"recordings", r.Recordings, e.recs},
			{"on time", r.OnTime, followups.Ratio{e.recs - e.late, e.recs}},
			{"late", r.Late, e.late},
			{"late unexplained", r.LateUnexplained, e.lateOpen},
			{"categorised", r.Categorised, followups.Ratio{e.recs - e.uncat, e.recs}},
			{"interruptions explained", r.Explained, followups.Ratio{e.gaps - e.gapsOpen, e.gaps}},
			{"checkouts", r.Checkouts, e.checkouts},
			{"overdue", r.Overdue, e.overdue},
			{"not recorded", r.NotRecorded, e.notRec},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("officer %s %s: %v, want %v", o, c.what, c.got, c.want)
			}
		}
	}
	// Each officer's open items on the chart are what the drill-down lists.
	total := 0
	for _, r := range d.Officers {
		list, err := followups.OpenItems(ctx, sup, followups.OpenItemFilter{Officer: r.Officer, From: "2025-03-01", To: "2025-03-31"})
		storetest.Must(t, err)
		if r.Open != len(list) {
			t.Errorf("officer %s: %d open items on the dashboard, %d listed", r.Officer, r.Open, len(list))
		}
		total += r.Open
	}
	if e3 := exp[num(3)]; got[num(3)].Open < e3.gapsOpen+e3.lateOpen+e3.uncat+1 || total != d.Totals.Open || total == 0 {
		t.Errorf("J003 has %d open items, want at least %d; total %d, totals row %d", got[num(3)].Open,
			e3.gapsOpen+e3.lateOpen+e3.uncat+1, total, d.Totals.Open)
	}
	if len(d.Officers) != officers {
		t.Errorf("%d rows, want %d", len(d.Officers), officers)
	}
	for _, p := range d.Daily {
		v := daily[p.Day]
		if p.Recordings != v[0] || p.OnTime != (followups.Ratio{v[1], v[0]}) {
			t.Errorf("%s: %d recordings, %v on time; want %d, %d", p.Day, p.Recordings, p.OnTime, v[0], v[1])
		}
	}
	if len(d.Daily) != 31 {
		t.Errorf("%d days in the series, want 31", len(d.Daily))
	}

	// Each officer's open items add up to the officer's share of the counts.
	items, err := followups.OpenItemsFor(ctx, o3, num(3))
	storetest.Must(t, err)
	byKind := map[string]int{}
	for _, it := range items {
		byKind[it.Kind]++
		if it.Officer != num(3) {
			t.Errorf("officer J003 is shown %+v", it)
		}
	}
	e3 := exp[num(3)]
	if byKind[followups.ItemGap] != e3.gapsOpen || byKind[followups.ItemLate] != e3.lateOpen || byKind[followups.ItemUncategorised] != e3.uncat || byKind[followups.ItemNotRecorded] != 1 {
		t.Errorf("J003's open items %v, want gaps %d late %d uncategorised %d not-recorded 1", byKind, e3.gapsOpen, e3.lateOpen, e3.uncat)
	}
	if _, err := followups.OpenItemsFor(ctx, o3, num(4)); err == nil || !strings.Contains(err.Error(), "not permitted") {
		t.Errorf("officer J003 asking for J004's items: %v, want refused", err)
	}

	// The lent recorder is flagged on its custody.
	cs, err := custody.Custody(ctx, keeper, custody.CustodyFilter{Device: dev(1), At: shifts[0].out.Add(time.Hour)})
	storetest.Must(t, err)
	if len(cs) != 1 || strings.Join(cs[0].OtherOfficers, ",") != num(2) {
		t.Errorf("custody of the lent recorder: %+v, want other officer %s", cs, num(2))
	}
}

// dockClips imports a shift's clips as the dock would, now.
func dockClips(t *testing.T, st *store.Store, s *genShift) {
	t.Helper()
	ctx := context.Background()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "dock", DeviceID: s.device, OfficerID: s.officer, Remote: s.remote, ReturnedAt: s.until})
	storetest.Must(t, err)
	days := map[string]bool{}
	for _, c := range s.clips {
		tmp, err := run.CreateTemp()
		storetest.Must(t, err)
		sum, n, err := digest.Copy(tmp, strings.NewReader(c.name))
		storetest.Must(t, err)
		f := records.Facts{RecordedAt: c.at.UTC(), Duration: c.dur}
		if c.officer != s.officer {
			f.Officer = c.officer
		}
		_, err = run.Archive(ctx, tmp, records.Incoming{Name: c.name, SourcePath: "DCIM/" + c.name, FileTime: c.at, Kind: "video", Sum: sum, Size: n, Facts: f})
		storetest.Must(t, err)
		days[c.at.In(time.Local).Format(time.DateOnly)] = true
	}
	storetest.Must(t, run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: len(s.clips), New: len(s.clips)}))
	if len(s.clips) > 0 {
		storetest.Must(t, followups.UpdateTimelines(ctx, st, s.device, s.clips[0].at, s.clips[len(s.clips)-1].at))
	}
}

func failedImport(t *testing.T, st *store.Store, device, officer string) {
	t.Helper()
	ctx := context.Background()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "dock", DeviceID: device, OfficerID: officer})
	storetest.Must(t, err)
	storetest.Must(t, run.Finish(ctx, records.Summary{Status: store.StatusFailed, Message: "the recorder was pulled out"}))
}
