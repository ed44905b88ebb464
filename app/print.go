package app

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/forms"
	"evidock/store"
)

// form is a printable form of the regulation (package forms) for one record.
type form struct {
	kind    string // card, not-recorded, interruption, viewing
	subject string // its name in the ledger
	file    string // the PDF's suggested name
	render  func(context.Context, *store.Session) ([]byte, error)
}

func cardForm(numbers ...string) form {
	return form{kind: "card", subject: "officer:" + strings.Join(numbers, "-"), file: T("pr.card_file", M{"Who": strings.Join(numbers, "-")}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.CardFor(ctx, s, numbers) }}
}

func notRecordedForm(id int64) form {
	return form{kind: "not-recorded", subject: fmt.Sprintf("notrecorded:%d", id), file: T("pr.not_recorded_file", M{"ID": id}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.NotRecordedFor(ctx, s, id) }}
}

func interruptionForm(id int64) form {
	return form{kind: "interruption", subject: fmt.Sprintf("gap:%d", id), file: T("pr.interruption_file", M{"ID": id}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.InterruptionFor(ctx, s, id) }}
}

func viewingForm(id int64) form {
	return form{kind: "viewing", subject: access.RequestSubject(id), file: T("pr.viewing_file", M{"ID": id}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.ViewingFor(ctx, s, id) }}
}

// printButton is the "打印" button of a form: it asks where to save the
// PDF, writes it, records the print and opens the PDF in the system's
// viewer to print it. msg shows what went wrong.
func (ui *Shell) printButton(f func() (form, bool), msg *widget.Label) *widget.Button {
	return widget.NewButton(T("pr.print"), func() {
		fm, ok := f()
		if !ok {
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				ui.showError(err)
				return
			}
			if w == nil {
				return
			}
			u := w.URI()
			ui.background(func(ctx context.Context) error { return ui.PrintForm(ctx, w, fm) }, func(err error) {
				if err != nil {
					msg.SetText(ErrorText(err))
					return
				}
				msg.SetText(T("pr.saved", M{"File": u.Name()}))
				if u.Scheme() == "file" {
					ui.App.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(u.Path())})
				}
			})
		}, ui.Win)
		d.SetFileName(fm.file)
		d.Show()
	})
}

// PrintForm renders fm from the records the session may read, writes it to
// w, closes w and records the print in the ledger (form.print).
func (ui *Shell) PrintForm(ctx context.Context, w io.WriteCloser, fm form) error {
	pdf, err := fm.render(ctx, ui.Session())
	if err == nil {
		_, err = w.Write(pdf)
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return ui.Session().RecordPrint(ctx, fm.kind, fm.subject, nil)
}
