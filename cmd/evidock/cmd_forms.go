package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

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
		pdf, err := forms.CardFor(ctx, sess, numbers)
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
		var pdf []byte
		var subject string
		var err error
		switch kind {
		case "not-recorded":
			subject = fmt.Sprintf("notrecorded:%d", id)
			pdf, err = forms.NotRecordedFor(ctx, sess, id)
		case "interruption":
			subject = fmt.Sprintf("gap:%d", id)
			pdf, err = forms.InterruptionFor(ctx, sess, id)
		default:
			subject = store.RequestSubject(id)
			pdf, err = forms.ViewingFor(ctx, sess, id)
		}
		if err != nil {
			return err
		}
		return m.writeForm(ctx, sess, *out, pdf, kind, subject, nil)
	})
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
