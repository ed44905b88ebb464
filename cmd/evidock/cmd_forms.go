package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"evidock/forms"
	"evidock/store"
)

// formVerbs are the verbs of `evidock form`; set in init.
var formVerbs map[string]subcommand

func init() {
	register(command{name: "card", usage: "card --officer NUMBER[,NUMBER] [--out FILE]",
		help: "print the announcement of Art. 8 (告知用语) with the officers' names: lanyard cards and a large-print page (PDF)",
		run:  (*Main).cardCmd})
	formVerbs = map[string]subcommand{
		"not-recorded": {usage: "not-recorded ID [--out FILE]", help: "the work record of Art. 7 (工作记录) for an activity not recorded (PDF)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.formCmd(ctx, "not-recorded", args) }},
		"interruption": {usage: "interruption ID [--out FILE]", help: "the written statement of Art. 11 (中断情况书面说明) on an interruption, with the day's timeline (PDF)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.formCmd(ctx, "interruption", args) }},
		"viewing": {usage: "viewing ID [--out FILE]", help: "the approval and register form of Art. 16–17 (查阅/调取审批登记表) of a request (PDF)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.formCmd(ctx, "viewing", args) }},
	}
	registerVerbs("form", "form not-recorded|interruption|viewing ID [--out FILE]",
		"print a form of the regulation, filled from the records, with signature lines (PDF)", formVerbs)
}

func (m *Main) cardCmd(ctx context.Context, args []string) int {
	fs := m.flags("card")
	ids := fs.String("officer", "", "the officers' numbers (警号), comma-separated")
	out := fs.String("out", "", "the PDF to write (default card-<numbers>.pdf)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	numbers := splitList(*ids)
	if len(numbers) == 0 || fs.NArg() != 0 {
		fs.Usage()
		return exitUsage
	}
	if *out == "" {
		*out = "card-" + joinIDs(numbers) + ".pdf"
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		all, err := sess.Officers(ctx)
		if err != nil {
			return err
		}
		var chosen []store.Officer
		for _, n := range numbers {
			i := slices.IndexFunc(all, func(o store.Officer) bool { return o.Number == n })
			if i < 0 {
				return fmt.Errorf("officer %s is not registered: %w", n, store.ErrNotFound)
			}
			chosen = append(chosen, all[i])
		}
		pdf, err := forms.Card(chosen, time.Now())
		if err != nil {
			return err
		}
		return m.writeForm(ctx, sess, *out, pdf, "card", "officer:"+joinIDs(numbers), map[string]any{"officers": numbers})
	})
}

func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += "-"
		}
		s += id
	}
	return s
}

func (m *Main) formCmd(ctx context.Context, kind string, args []string) int {
	fs := m.verbFlags("form", formVerbs[kind])
	out := fs.String("out", "", "the PDF to write (default "+kind+"-ID.pdf)")
	arg, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		fs.Usage()
		return exitUsage
	}
	if *out == "" {
		*out = fmt.Sprintf("%s-%d.pdf", kind, id)
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		officers, err := sess.Officers(ctx)
		if err != nil {
			return err
		}
		var pdf []byte
		var subject string
		switch kind {
		case "not-recorded":
			subject = fmt.Sprintf("notrecorded:%d", id)
			pdf, err = notRecordedForm(ctx, sess, id, officers)
		case "interruption":
			subject = fmt.Sprintf("gap:%d", id)
			pdf, err = interruptionForm(ctx, sess, id, officers)
		default:
			subject = store.RequestSubject(id)
			pdf, err = viewingForm(ctx, sess, id, officers)
		}
		if err != nil {
			return err
		}
		return m.writeForm(ctx, sess, *out, pdf, kind, subject, nil)
	})
}

func notRecordedForm(ctx context.Context, sess *store.Session, id int64, officers []store.Officer) ([]byte, error) {
	list, err := sess.NotRecordedRecords(ctx, store.NotRecordedFilter{})
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(n store.NotRecorded) bool { return n.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("work record %d: %w", id, store.ErrNotFound)
	}
	return forms.NotRecorded(list[i], officers, time.Now())
}

func interruptionForm(ctx context.Context, sess *store.Session, id int64, officers []store.Officer) ([]byte, error) {
	gaps, err := sess.Gaps(ctx, "", false)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(gaps, func(g store.Gap) bool { return g.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("interruption %d: %w", id, store.ErrNotFound)
	}
	g := gaps[i]
	tl, err := sess.Timeline(ctx, g.DeviceID, g.Day)
	if err != nil {
		return nil, err
	}
	in := forms.Interruption{Gap: g, Timeline: tl, Officers: officers}
	if recs, err := sess.Recordings(ctx, store.RecordingFilter{IDs: []string{g.After, g.Before}}); err == nil && len(recs) > 0 {
		in.Officer = recs[0].OfficerID
	}
	return forms.InterruptionStatement(in, time.Now())
}

func viewingForm(ctx context.Context, sess *store.Session, id int64, officers []store.Officer) ([]byte, error) {
	reqs, err := sess.Requests(ctx, store.RequestFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(reqs) == 0 {
		return nil, fmt.Errorf("request %d: %w", id, store.ErrNotFound)
	}
	v := forms.Viewing{Request: reqs[0], Officers: officers}
	if v.Recordings, err = sess.Recordings(ctx, store.RecordingFilter{IDs: reqs[0].Recordings}); err != nil {
		return nil, err
	}
	if sess.May("register.read") {
		rows, err := sess.Register(ctx, store.RegisterFilter{})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.RequestID == id {
				v.Register = append(v.Register, r)
			}
		}
	}
	return forms.ViewingForm(v, time.Now())
}

// writeForm writes a printed form to path whole (a temp file renamed into
// place) and its form.print ledger entry.
func (m *Main) writeForm(ctx context.Context, sess *store.Session, path string, pdf []byte, form, subject string, details map[string]any) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".form-*")
	if err != nil {
		return fmt.Errorf("%s: %w", form, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(pdf); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", form, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", form, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("%s: %w", form, err)
	}
	if err := sess.RecordPrint(ctx, form, subject, details); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", form, err)
	}
	fmt.Fprintf(m.Stdout, "wrote %s\n", path)
	return nil
}
