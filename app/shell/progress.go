package shell

import (
	"context"

	"evidock/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Cancellable runs work off the UI goroutine like background, with a
// context of its own that the returned function cancels; done runs on the
// UI goroutine when work has returned.
func (ui *Shell) Cancellable(work func(ctx context.Context) error, done func(err error)) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.WithValue(ui.Context(), sessKey{}, ui.Session()))
	go func() {
		err := work(ctx)
		ui.Bridge().Do(func() {
			cancel()
			done(err)
		})
	}()
	return cancel
}

// ProgressPanel shows long work: a bar, what is being done, and a 取消
// button that cancels the work's context, behind a confirmation when
// cancelling throws work away. The core decides what a cancel leaves; the
// panel only asks for it.
type ProgressPanel struct {
	ui        *Shell
	Root      *fyne.Container
	Bar       *widget.ProgressBar
	What      *widget.Label
	cancelBtn *widget.Button

	key     string             // the bridge's redraw key of this panel
	ask     string             // the confirmation's text; "" cancels at once
	stop    context.CancelFunc // cancels the running work; nil when idle
	stopped bool               // the user cancelled the last run
}

func NewProgressPanel(ui *Shell, key string) *ProgressPanel {
	p := &ProgressPanel{ui: ui, key: key, Bar: widget.NewProgressBar(), What: WrapLabel("")}
	p.cancelBtn = widget.NewButton(i18n.T("progress.cancel"), p.Cancel)
	p.cancelBtn.Importance = widget.DangerImportance
	p.cancelBtn.Hide() // shown while work runs (tests find buttons by their own visibility)
	p.Root = container.NewVBox(container.NewBorder(nil, nil, nil, p.cancelBtn, p.Bar), p.What)
	p.Root.Hide()
	return p
}

// Running says whether work is under way.
func (p *ProgressPanel) Running() bool { return p.stop != nil }

// Cancelled says whether the user cancelled the last run.
func (p *ProgressPanel) Cancelled() bool { return p.stopped }

// Start shows the panel and runs work with a context the 取消 button
// cancels; ask, when not "", is the confirmation the button asks first.
// done runs on the UI goroutine when work has returned.
func (p *ProgressPanel) Start(ask string, work func(ctx context.Context) error, done func(err error)) {
	p.ask, p.stopped = ask, false
	p.Bar.SetValue(0)
	p.What.SetText(i18n.T("progress.starting"))
	p.cancelBtn.Enable()
	p.cancelBtn.Show()
	p.Root.Show()
	p.stop = p.ui.Cancellable(work, func(err error) {
		p.stop = nil
		p.cancelBtn.Hide()
		done(err)
	})
}

// Report shows progress from any goroutine: the fraction done (ignored
// when negative) and what is being done.
func (p *ProgressPanel) Report(frac float64, what string) {
	defer ReportHook(p.key, frac)
	p.ui.Bridge().Redraw(p.key, func() {
		if p.stop == nil {
			return // a late report after the end
		}
		if frac >= 0 {
			p.Bar.SetValue(frac)
		}
		p.What.SetText(what)
	})
}

// ReportHook is called after each report, on the work's goroutine; tests
// hold the work there to cancel it mid-way.
var ReportHook = func(key string, frac float64) {}

// Cancel asks (when cancelling throws work away) and cancels the work.
func (p *ProgressPanel) Cancel() {
	if p.stop == nil {
		return
	}
	if p.ask == "" {
		p.cancelNow()
		return
	}
	AskCancel(p.ui, p.ask, p.cancelNow)
}

func (p *ProgressPanel) cancelNow() {
	if p.stop == nil {
		return
	}
	p.stopped = true
	p.cancelBtn.Disable()
	p.What.SetText(i18n.T("progress.cancelling"))
	p.stop()
}

// AskCancel asks whether to cancel, in words that do not read like the
// work's own 取消 button: yes cancels, no goes on.
func AskCancel(ui *Shell, message string, yes func()) {
	d := dialog.NewConfirm(i18n.T("progress.cancel_title"), message, func(ok bool) {
		if ok {
			yes()
		}
	}, ui.Win)
	d.SetConfirmText(i18n.T("progress.cancel_yes"))
	d.SetDismissText(i18n.T("progress.cancel_no"))
	d.Show()
}

// Fraction is done/total, 0 when total is not known.
func Fraction(done, total int64) float64 {
	if total <= 0 {
		return 0
	}
	return min(1, float64(done)/float64(total))
}
