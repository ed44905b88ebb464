package app

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/approvals"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/records"
	"evidock/store"
)

// recordingActions are what may be done with a recording from its details:
// ask to view it, play it under a valid approval, and set its
// classification (custodian, leader). Each shows only to who may do it.
func (ui *UI) recordingActions(r records.Recording) fyne.CanvasObject {
	box := container.NewVBox()
	var buttons []fyne.CanvasObject
	if ui.May(store.ActRequestView) {
		buttons = append(buttons, widget.NewButton(i18n.T("rec.request"), func() { approvals.RequestDialog(ui.Shell, []string{r.ID}) }))
	}
	if ui.May(store.ActRecordingPlay) {
		play := widget.NewButton(i18n.T("rec.play"), nil)
		play.Importance = widget.HighImportance
		play.OnTapped = func() { ui.play(r, play) }
		buttons = append(buttons, play)
	}
	if len(buttons) > 0 {
		box.Add(shell.BoldLabel(i18n.T("rec.view_title")))
		box.Add(shell.WrapLabel(i18n.T("rec.view_intro")))
		box.Add(container.NewHBox(buttons...))
	}
	if ui.May(store.ActRecordingClassify) {
		box.Add(ui.classifyForm(r))
	}
	return box
}

// play makes the read-only copy of r (which needs an approved, unexpired
// request of the user), opens it in the system's player and removes it when
// the user says they are done.
func (ui *UI) play(r records.Recording, btn *widget.Button) {
	btn.Disable()
	var path string
	var cleanup func()
	ui.Background(func(ctx context.Context) error {
		var err error
		path, cleanup, err = access.Play(ctx, ui.SessFor(ctx), r.ID, 0)
		return err
	}, func(err error) {
		btn.Enable()
		if err != nil {
			dialog.NewInformation(i18n.T("error.title"), i18n.ViewErrorText(err), ui.Win).Show()
			return
		}
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // C:/… on Windows
		}
		if err := ui.App.OpenURL(u); err != nil {
			fyne.LogError("play", err)
		}
		text := shell.WrapLabel(i18n.T("rec.playing", i18n.M{"Name": r.OriginalName, "Path": path}))
		d := dialog.NewCustom(i18n.T("rec.playing_title"), i18n.T("rec.done"), container.NewGridWrap(fyne.NewSize(480, 140), text), ui.Win)
		// The copy goes when the user says they are done; one left behind
		// by a window that was closed meanwhile is swept by a later Play.
		d.SetOnClosed(cleanup)
		d.Show()
	})
}

// classifyForm sets a recording's classification with a reason.
func (ui *UI) classifyForm(r records.Recording) fyne.CanvasObject {
	names := make([]string, len(store.Classifications))
	for i, c := range store.Classifications {
		names[i] = i18n.Classification(c)
	}
	level := shell.NewPicker(names, nil)
	level.SetSelected(i18n.Classification(r.Classification))
	reason := widget.NewEntry()
	reason.SetPlaceHolder(i18n.T("rec.class_reason_hint"))
	msg := shell.WrapLabel("")
	btn := widget.NewButton(i18n.T("rec.class_set"), nil)
	btn.OnTapped = func() {
		var to store.Classification
		for _, c := range store.Classifications {
			if i18n.Classification(c) == level.Selected {
				to = c
			}
		}
		why := strings.TrimSpace(reason.Text)
		if to == "" || why == "" {
			msg.SetText(i18n.T("rec.class_missing"))
			return
		}
		ui.Confirm(i18n.T("q.confirm_title"), i18n.T("rec.class_confirm", i18n.M{"Name": r.OriginalName, "Level": level.Selected}), func() {
			btn.Disable()
			ui.Background(func(ctx context.Context) error {
				return ui.SessFor(ctx).Classify(ctx, r.ID, to, why)
			}, func(err error) {
				btn.Enable()
				if err != nil {
					msg.SetText(i18n.ViewErrorText(err))
					return
				}
				reason.SetText("")
				msg.SetText(i18n.T("rec.class_done", i18n.M{"Level": level.Selected}))
			})
		})
	}
	form := widget.NewForm(widget.NewFormItem(i18n.T("rec.class_level"), level), widget.NewFormItem(i18n.T("rec.class_reason"), reason))
	return container.NewVBox(shell.BoldLabel(i18n.T("rec.class_title")), form, container.NewHBox(btn), msg)
}
