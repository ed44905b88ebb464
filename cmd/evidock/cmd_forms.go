package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"evidock/access"
	"evidock/forms"
	"evidock/internal/cli"
	"evidock/store"
)

func init() {
	declare(command{name: "card", help: "card.help", who: userOnly, needs: store.ActFormPrint,
		flags: func(f *cli.Flags) runFunc {
			ids := f.String("officer", "", "card.officer")
			out := f.String("out", "", "card.out")
			f.Require("officer")
			return func(ctx context.Context, x *call) error {
				numbers := splitList(*ids)
				if *out == "" {
					*out = "card-" + joinIDs(numbers) + ".pdf"
				}
				sess, err := x.session(ctx)
				if err != nil {
					return err
				}
				pdf, err := forms.CardFor(ctx, sess, numbers)
				if err != nil {
					return err
				}
				return x.writeForm(ctx, sess, *out, pdf, "card", "officer:"+joinIDs(numbers), map[string]any{"officers": numbers})
			}
		}},
		command{name: "form", help: "form.help"},
		command{name: "form not-recorded", args: "ID", help: "form.not_recorded.help", who: userOnly, needs: store.ActFormPrint,
			flags: func(f *cli.Flags) runFunc { return formFlags(f, "not-recorded") }},
		command{name: "form interruption", args: "ID", help: "form.interruption.help", who: userOnly, needs: store.ActFormPrint,
			flags: func(f *cli.Flags) runFunc { return formFlags(f, "interruption") }},
		command{name: "form viewing", args: "ID", help: "form.viewing.help", who: userOnly, needs: store.ActFormPrint,
			flags: func(f *cli.Flags) runFunc { return formFlags(f, "viewing") }})
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

// formFlags declares `form KIND ID --out FILE` and runs it.
func formFlags(f *cli.Flags, kind string) runFunc {
	out := f.String("out", "", "form.out", kind)
	return func(ctx context.Context, x *call) error {
		id, err := x.id(0)
		if err != nil {
			return err
		}
		if *out == "" {
			*out = fmt.Sprintf("%s-%d.pdf", kind, id)
		}
		sess, err := x.session(ctx)
		if err != nil {
			return err
		}
		var pdf []byte
		var subject string
		switch kind {
		case "not-recorded":
			subject = fmt.Sprintf("notrecorded:%d", id)
			pdf, err = forms.NotRecordedFor(ctx, sess, id)
		case "interruption":
			subject = fmt.Sprintf("gap:%d", id)
			pdf, err = forms.InterruptionFor(ctx, sess, id)
		default:
			subject = access.RequestSubject(id)
			pdf, err = forms.ViewingFor(ctx, sess, id)
		}
		if err != nil {
			return err
		}
		return x.writeForm(ctx, sess, *out, pdf, kind, subject, nil)
	}
}

// writeForm writes a printed form to path whole (a temp file renamed into
// place) and its form.print ledger entry.
func (x *call) writeForm(ctx context.Context, sess *store.Session, path string, pdf []byte, form, subject string, details map[string]any) error {
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
	x.done("form.wrote", path)
	return nil
}
