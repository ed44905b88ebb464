package shell

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/ledger"
	"evidock/store"
)

// Shell is what every screen acts through: the store, the logged-in user,
// the window for dialogs, work off the UI goroutine, people's names and
// the permission-gated buttons. The window (UI) embeds it and fills in what
// only the window can do (show a screen, redraw the badge).
type Shell struct {
	ctx    context.Context
	App    fyne.App
	Win    fyne.Window
	st     *store.Store
	bridge *Bridge
	sess   *store.Session  // the logged-in user; nil until a login
	people store.People    // names for logins and numbers (names.go)
	guards []*ReasonButton // every permission-gated button (tests)

	hooks Hooks
}

// Hooks are what only the window can do, for the screens.
type Hooks struct {
	Show          func(id string)
	Reload        func(id string)
	RefreshBanner func()
}

// NewShell is the shell of a window on st; the window sets its hooks.
func NewShell(ctx context.Context, a fyne.App, st *store.Store, bridge *Bridge) *Shell {
	return &Shell{ctx: ctx, App: a, st: st, bridge: bridge}
}

// SetHooks gives the screens what only the window can do.
func (ui *Shell) SetHooks(h Hooks) { ui.hooks = h }

// SetUser makes sess the logged-in user (nil: nobody).
func (ui *Shell) SetUser(sess *store.Session) { ui.sess = sess }

// ForgetGuards forgets the gated buttons of screens about to be built anew.
func (ui *Shell) ForgetGuards() { ui.guards = nil }

// Guards are the permission-gated buttons of the screens built so far.
func (ui *Shell) Guards() []*ReasonButton { return ui.guards }

// Context is the window's context: it ends when the window closes.
func (ui *Shell) Context() context.Context { return ui.ctx }

// Show opens a screen, or a page of one as "screen.page".
func (ui *Shell) Show(id string) { ui.hooks.Show(id) }

// Reload reads a page anew if it has been shown ("approvals.mine").
func (ui *Shell) Reload(id string) { ui.hooks.Reload(id) }

// RefreshBanner reads again the open integrity problems for the banner.
func (ui *Shell) RefreshBanner() { ui.hooks.RefreshBanner() }

// Session is the logged-in user's session, or nil.
func (ui *Shell) Session() *store.Session { return ui.sess }

// Store is the store the window acts on.
func (ui *Shell) Store() *store.Store { return ui.st }

// Bridge is the window's bridge (tests flush it).
func (ui *Shell) Bridge() *Bridge { return ui.bridge }

// Annotator is the session follow-up answers are given through: the
// logged-in user's. Docking needs no login, answering does.
func (ui *Shell) Annotator() (*store.Session, error) {
	if ui.sess == nil {
		return nil, i18n.ErrLoginFirst
	}
	return ui.sess, nil
}

// May reports whether the logged-in user may take action.
func (ui *Shell) May(action store.Action) bool { return ui.sess != nil && ui.sess.May(action) }

// Confirm asks before something that cannot be undone.
func (ui *Shell) Confirm(title, message string, do func()) {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			do()
		}
	}, ui.Win)
	d.SetConfirmText(i18n.T("confirm.yes"))
	d.SetDismissText(i18n.T("confirm.no"))
	d.Show()
}

// ShowError says err in plain words.
func (ui *Shell) ShowError(err error) {
	dialog.NewInformation(i18n.T("error.title"), i18n.ErrorText(err), ui.Win).Show()
}

// Background runs work off the UI goroutine and hands its outcome to done
// on the UI goroutine.
// The work's context carries the session of the moment it was started:
// work asks it with ui.sessFor(ctx), never ui.sess, which a login or a
// logout changes on the UI goroutine meanwhile.
func (ui *Shell) Background(work func(ctx context.Context) error, done func(err error)) {
	ctx := context.WithValue(ui.ctx, sessKey{}, ui.sess)
	go func() {
		err := work(ctx)
		ui.bridge.Do(func() { done(err) })
	}()
}

func NotAllowed() fyne.CanvasObject {
	return container.NewCenter(widget.NewLabel(i18n.T("not_allowed")))
}

type sessKey struct{}

// SessFor is the session background work started with (see background),
// or the logged-in user's outside of one (UI goroutine only).
func (ui *Shell) SessFor(ctx context.Context) *store.Session {
	if s, ok := ctx.Value(sessKey{}).(*store.Session); ok && s != nil {
		return s
	}
	return ui.sess
}

// Flush runs the window's work queued since the last call, on the calling
// goroutine (with Options.ManualBridge; otherwise the bridge runs it).
func (ui *Shell) Flush() { ui.bridge.Flush() }

// EntryLine says one ledger entry in a line.
func (ui *Shell) EntryLine(e ledger.Entry) string {
	return fmt.Sprintf("#%d  %s  %s  %s  %s", e.Seq, i18n.WhenSec(e.Time), ui.PersonName(e.Actor), i18n.Action(e.Action), ui.subjectName(e.Subject))
}

// subjectName is a ledger entry's subject as people read it: a user by
// name; other subjects (recordings, requests) as they are.
func (ui *Shell) subjectName(s string) string {
	if strings.HasPrefix(s, "user:") {
		return ui.PersonName(s)
	}
	return s
}

// PageSize is how many rows one query reads; a list asks for the next page
// when the user wants more.
const PageSize = 200

// The window's screens, as the issue of the bureau's users names them:
// 采集, 记录, 审批, 光盘, 督查, 维护, 设置, 台账. Each may have pages (its
// sub-tabs). Show("records.timeline") opens one; the shortcuts Ctrl+1…8
// open the screens in order.
const (
	ScreenDock      = "dock"
	ScreenRecords   = "records"
	ScreenApprovals = "approvals"
	ScreenDiscs     = "discs"
	ScreenSupervise = "supervise"
	ScreenMaintain  = "maintain"
	ScreenSettings  = "settings"
	ScreenLedger    = "ledger"
)

// LibraryLimit is how many of the newest matching recordings the library
// reads at once; the table sorts, searches and filters those, and says when
// there are more (narrow the activity type, the flag or the dates).
const LibraryLimit = 5000

// ConfirmThenDo asks question before something that cannot be undone; on
// yes it runs work off the UI goroutine as the user of that moment, says
// an error on msg and otherwise calls then (UI goroutine).
func (ui *Shell) ConfirmThenDo(question string, msg *widget.Label, work func(ctx context.Context, sess *store.Session) error, then func()) {
	ui.Confirm(i18n.T("q.confirm_title"), question, func() {
		ui.Background(func(ctx context.Context) error { return work(ctx, ui.SessFor(ctx)) }, func(err error) {
			if err != nil {
				msg.SetText(i18n.ErrorText(err))
				return
			}
			then()
		})
	})
}

// LoadRows reads rows off the UI goroutine as the user of the moment and
// hands them to show on the UI goroutine; an error is said on msg instead,
// in the words of words (i18n.ErrorText when nil).
func LoadRows[R any](ui *Shell, msg *widget.Label, words func(error) string, read func(ctx context.Context, sess *store.Session) ([]R, error), show func([]R)) {
	loadRows(ui, msg, words, read, show, func() bool { return true })
}

// LoadLatestRows is LoadRows for a page that may ask again before an
// answer comes (a filter changed, a reload): only the answer to the latest
// ask is shown. gen counts the page's asks.
func LoadLatestRows[R any](ui *Shell, gen *int, msg *widget.Label, words func(error) string, read func(ctx context.Context, sess *store.Session) ([]R, error), show func([]R)) {
	*gen++
	no := *gen
	loadRows(ui, msg, words, read, show, func() bool { return no == *gen })
}

func loadRows[R any](ui *Shell, msg *widget.Label, words func(error) string, read func(ctx context.Context, sess *store.Session) ([]R, error), show func([]R), latest func() bool) {
	if words == nil {
		words = i18n.ErrorText
	}
	var rows []R
	ui.Background(func(ctx context.Context) error {
		var err error
		rows, err = read(ctx, ui.SessFor(ctx))
		return err
	}, func(err error) {
		switch {
		case !latest():
		case err != nil:
			msg.SetText(words(err))
		default:
			show(rows)
		}
	})
}
