package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/safekeeping"
	"evidock/store"
)

// integrityBanner is the line every screen shows while checks found
// problems no custodian has acknowledged.
type integrityBanner struct {
	ui    *UI
	box   *fyne.Container
	label *widget.Label
	n     int
}

// problemBanner is the banner for the window's top; it asks the store
// again every minute and after each check or acknowledgement.
func (ui *UI) problemBanner() fyne.CanvasObject {
	if ui.banner == nil {
		b := &integrityBanner{ui: ui, label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
		b.label.Importance = widget.DangerImportance
		ui.banner = b
		go func() {
			t := time.NewTicker(time.Minute)
			defer t.Stop()
			for {
				select {
				case <-ui.Context().Done():
					return
				case <-t.C:
					ui.Bridge().Do(ui.refreshBanner)
				}
			}
		}()
	}
	b := ui.banner
	show := widget.NewButton(i18n.T("ic.banner_show"), func() { ui.Show(shell.ScreenMaintain + ".integrity") })
	if !ui.May(store.ActIntegrityRead) {
		show.Hide()
	}
	b.box = container.NewHBox(b.label, show)
	b.box.Hide()
	ui.refreshBanner()
	return b.box
}

// refreshBanner reads the open problems again (on the UI goroutine).
func (ui *UI) refreshBanner() {
	b := ui.banner
	if b == nil {
		return
	}
	sess := ui.Session()
	if sess == nil || !sess.May(store.ActIntegrityRead) {
		sess = ui.Store().Workstation()
	}
	var n int
	ui.Background(func(ctx context.Context) error {
		ps, err := safekeeping.OpenProblems(ctx, sess)
		n = len(ps)
		return err
	}, func(err error) {
		if err != nil || b.box == nil {
			return
		}
		b.n = n
		b.label.SetText(i18n.T("ic.banner", i18n.M{"N": n}))
		if n > 0 {
			b.box.Show()
		} else {
			b.box.Hide()
		}
	})
}

// OpenProblemsShown is how many open problems the banner says (tests).
func (ui *UI) OpenProblemsShown() int {
	if ui.banner == nil || ui.banner.box == nil || !ui.banner.box.Visible() {
		return 0
	}
	return ui.banner.n
}
