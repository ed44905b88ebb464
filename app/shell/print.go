package shell

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
	"evidock/app/i18n"
	"evidock/forms"
	"evidock/store"
)

// Form is a printable form of the regulation (package forms) for one record.
type Form struct {
	kind    string // card, not-recorded, interruption, viewing
	subject string // its name in the ledger
	file    string // the PDF's suggested name
	render  func(context.Context, *store.Session) ([]byte, error)
}

func CardForm(numbers ...string) Form {
	return Form{kind: "card", subject: "officer:" + strings.Join(numbers, "-"), file: i18n.T("pr.card_file", i18n.M{"Who": strings.Join(numbers, "-")}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.CardFor(ctx, s, numbers) }}
}

func NotRecordedForm(id int64) Form {
	return Form{kind: "not-recorded", subject: fmt.Sprintf("notrecorded:%d", id), file: i18n.T("pr.not_recorded_file", i18n.M{"ID": id}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.NotRecordedFor(ctx, s, id) }}
}

func InterruptionForm(id int64) Form {
	return Form{kind: "interruption", subject: fmt.Sprintf("gap:%d", id), file: i18n.T("pr.interruption_file", i18n.M{"ID": id}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.InterruptionFor(ctx, s, id) }}
}

func ViewingForm(id int64) Form {
	return Form{kind: "viewing", subject: access.RequestSubject(id), file: i18n.T("pr.viewing_file", i18n.M{"ID": id}),
		render: func(ctx context.Context, s *store.Session) ([]byte, error) { return forms.ViewingFor(ctx, s, id) }}
}

// PrintButton is the "打印" button of a form: it asks where to save the
// PDF, writes it, records the print and opens the PDF in the system's
// viewer to print it. msg shows what went wrong.
func (ui *Shell) PrintButton(f func() (Form, bool), msg *widget.Label) *widget.Button {
	return widget.NewButton(i18n.T("pr.print"), func() {
		fm, ok := f()
		if !ok {
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				ui.ShowError(err)
				return
			}
			if w == nil {
				return
			}
			u := w.URI()
			ui.Background(func(ctx context.Context) error { return ui.PrintForm(ctx, w, fm) }, func(err error) {
				if err != nil {
					msg.SetText(i18n.ErrorText(err))
					return
				}
				msg.SetText(i18n.T("pr.saved", i18n.M{"File": u.Name()}))
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
func (ui *Shell) PrintForm(ctx context.Context, w io.WriteCloser, fm Form) error {
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
