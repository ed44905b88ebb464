package viewing

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
	cli.Declare(cli.Command{Name: "card", Help: "card.help", Who: cli.UserOnly, Needs: store.ActFormPrint,
		Flags: func(f *cli.Flags) cli.RunFunc {
			ids := f.String("officer", "", "card.officer")
			out := f.String("out", "", "card.out")
			f.Require("officer")
			return func(ctx context.Context, x *cli.Call) error {
				numbers := cli.SplitList(*ids)
				if *out == "" {
					*out = "card-" + joinIDs(numbers) + ".pdf"
				}
				sess, err := x.Session(ctx)
				if err != nil {
					return err
				}
				pdf, err := forms.CardFor(ctx, sess, numbers)
				if err != nil {
					return err
				}
				return writeForm(x, ctx, sess, *out, pdf, "card", "officer:"+joinIDs(numbers), map[string]any{"officers": numbers})
			}
		}},
		cli.Command{Name: "form", Help: "form.help"},
		cli.Command{Name: "form not-recorded", Args: "ID", Help: "form.not_recorded.help", Who: cli.UserOnly, Needs: store.ActFormPrint,
			Flags: func(f *cli.Flags) cli.RunFunc { return formFlags(f, "not-recorded") }},
		cli.Command{Name: "form interruption", Args: "ID", Help: "form.interruption.help", Who: cli.UserOnly, Needs: store.ActFormPrint,
			Flags: func(f *cli.Flags) cli.RunFunc { return formFlags(f, "interruption") }},
		cli.Command{Name: "form viewing", Args: "ID", Help: "form.viewing.help", Who: cli.UserOnly, Needs: store.ActFormPrint,
			Flags: func(f *cli.Flags) cli.RunFunc { return formFlags(f, "viewing") }})
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
func formFlags(f *cli.Flags, kind string) cli.RunFunc {
	out := f.String("out", "", "form.out", kind)
	return func(ctx context.Context, x *cli.Call) error {
		id, err := x.ID(0)
		if err != nil {
			return err
		}
		if *out == "" {
			*out = fmt.Sprintf("%s-%d.pdf", kind, id)
		}
		sess, err := x.Session(ctx)
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
		return writeForm(x, ctx, sess, *out, pdf, kind, subject, nil)
	}
}

// writeForm writes a printed form to path whole (a temp file renamed into
// place) and its form.print ledger entry.
func writeForm(x *cli.Call, ctx context.Context, sess *store.Session, path string, pdf []byte, form, subject string, details map[string]any) error {
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
	x.Done("form.wrote", path)
	return nil
}
