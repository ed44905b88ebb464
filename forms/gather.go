package forms

import (
	"context"
	"fmt"
	"slices"
	"time"

	"evidock/access"
	"evidock/followups"
	"evidock/records"
	"evidock/store"
)

// The forms filled from the records through a session, as the command line
// and the window print them: each reads only what the session may read,
// and an id the session cannot find is store.ErrNotFound.

// CardFor prints the announcement card for the officers with numbers.
func CardFor(ctx context.Context, sess *store.Session, numbers []string) ([]byte, error) {
	all, err := sess.Officers(ctx)
	if err != nil {
		return nil, err
	}
	var chosen []store.Officer
	for _, n := range numbers {
		i := slices.IndexFunc(all, func(o store.Officer) bool { return o.Number == n })
		if i < 0 {
			return nil, fmt.Errorf("forms: officer %s is not registered: %w", n, store.ErrNotFound)
		}
		chosen = append(chosen, all[i])
	}
	return Card(chosen, time.Now())
}

// NotRecordedFor prints work record id.
func NotRecordedFor(ctx context.Context, sess *store.Session, id int64) ([]byte, error) {
	officers, err := sess.Officers(ctx)
	if err != nil {
		return nil, err
	}
	list, err := followups.NotRecordedRecords(ctx, sess, followups.NotRecordedFilter{})
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(n followups.NotRecorded) bool { return n.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("forms: work record %d: %w", id, store.ErrNotFound)
	}
	return NotRecorded(list[i], officers, time.Now())
}

// InterruptionFor prints the statement of interruption id.
func InterruptionFor(ctx context.Context, sess *store.Session, id int64) ([]byte, error) {
	officers, err := sess.Officers(ctx)
	if err != nil {
		return nil, err
	}
	gaps, err := followups.Gaps(ctx, sess, "", false)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(gaps, func(g followups.Gap) bool { return g.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("forms: interruption %d: %w", id, store.ErrNotFound)
	}
	g := gaps[i]
	tl, err := followups.TimelineOf(ctx, sess, g.DeviceID, g.Day)
	if err != nil {
		return nil, err
	}
	in := Interruption{Gap: g, Timeline: tl, Officers: officers}
	if recs, err := records.Recordings(ctx, sess, records.RecordingFilter{IDs: []string{g.After, g.Before}}); err == nil && len(recs) > 0 {
		in.Officer = recs[0].OfficerID
	}
	return InterruptionStatement(in, time.Now())
}

// ViewingFor prints the approval and register form of request id. The
// register is shown to those who may read it.
func ViewingFor(ctx context.Context, sess *store.Session, id int64) ([]byte, error) {
	officers, err := sess.Officers(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := access.Requests(ctx, sess, access.RequestFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(reqs) == 0 {
		return nil, fmt.Errorf("forms: request %d: %w", id, store.ErrNotFound)
	}
	v := Viewing{Request: reqs[0], Officers: officers}
	if v.Recordings, err = records.Recordings(ctx, sess, records.RecordingFilter{IDs: reqs[0].Recordings}); err != nil {
		return nil, err
	}
	if sess.May("register.read") {
		rows, err := access.Register(ctx, sess, access.RegisterFilter{})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.RequestID == id {
				v.Register = append(v.Register, r)
			}
		}
	}
	return ViewingForm(v, time.Now())
}
