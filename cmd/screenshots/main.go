// Command screenshots saves a picture of every page of the window in both
// languages (docs/screenshots/<page>-<zh|en>.png), on the demonstration
// data, then quits. It drives the real window as a person would and is run
// under Xvfb by `make screenshots`; it is a tool for the documentation and
// is not shipped.
//
//	screenshots [-demo bin/screenshot-demo] [-out docs/screenshots]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"evidock/app"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/ingest/volume"
	"evidock/internal/demo"
	"evidock/store"
)

func main() {
	demoDir := flag.String("demo", "bin/screenshot-demo", "the demonstration folder (made when missing)")
	out := flag.String("out", "docs/screenshots", "where the pictures go")
	flag.Parse()
	if err := run(*demoDir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	data, roots := filepath.Join(dir, "data"), filepath.Join(dir, "recorders")
	password, err := demo.Data(ctx, data, dir)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if err := os.MkdirAll(roots, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	st, err := store.Open(data)
	if err != nil {
		return err
	}
	defer st.Close()
	ui, err := app.New(ctx, fyneapp.NewWithID(app.ID), st, app.Options{
		Roots: []volume.Root{{Path: roots, FolderMode: true}}, PollInterval: time.Second, NoMaintenance: true})
	if err != nil {
		return err
	}
	defer ui.Close()
	s := &shooter{ui: ui, st: st, out: out, password: password}
	go func() {
		// A recorder docks a few seconds in, so the docking page has a card.
		time.Sleep(4 * time.Second)
		if err := demo.Recorder(dir, roots); err != nil {
			fyne.LogError("screenshots: demo recorder", err)
		}
	}()
	go func() {
		defer ui.Bridge().Do(ui.App.Quit)
		s.all(ctx)
	}()
	ui.Win.ShowAndRun()
	if n := s.failed.Load(); n > 0 {
		return fmt.Errorf("%d pictures could not be taken", n)
	}
	fmt.Println("screenshots saved in", out)
	return nil
}

// shooter takes the pictures; it runs beside the window's own goroutine
// and touches the window only through fyne.DoAndWait.
type shooter struct {
	ui       *app.UI
	st       *store.Store
	out      string
	password string
	failed   atomic.Int32
}

func on(fn func()) { fyne.DoAndWait(fn) }

// all shows every page in both languages: logged out, then each page as
// the first of the demo's people who may use it (the administrator, the
// leader who is also custodian, the supervisor, an officer).
func (s *shooter) all(ctx context.Context) {
	time.Sleep(2 * time.Second)
	var people []*store.Session
	for _, login := range []string{"demo", "demo-lead", "demo-sup", "j10023"} {
		sess, err := s.st.Login(ctx, login, s.password)
		if err != nil {
			s.fail("login "+login, err)
			return
		}
		people = append(people, sess)
	}
	admin := people[0]
	for _, code := range []string{i18n.LangZH, i18n.LangEN} {
		on(func() {
			s.ui.SetSession(nil)
			s.ui.SwitchLanguage(code)
			s.ui.Show(shell.ScreenRecords)
		})
		s.shoot("login")
		on(func() { s.ui.SetSession(admin) })
		var ids []string
		on(func() { ids = s.ui.PageIDs() })
		for _, id := range ids {
			on(func() {
				who := admin
				for _, p := range people {
					if s.ui.PageOpensFor(id, p) {
						who = p
						break
					}
				}
				if s.ui.Session() != who {
					s.ui.SetSession(who)
				}
				s.ui.Show(id)
			})
			time.Sleep(500 * time.Millisecond) // the page's query
			var wait time.Duration
			on(func() { wait = s.ui.ShowExample(id) })
			if wait > 0 {
				time.Sleep(wait)
				on(func() { s.ui.ChooseExample(id) })
			}
			s.shoot(shotName(id))
		}
	}
}

func (s *shooter) fail(what string, err error) {
	fyne.LogError("screenshots: "+what, err)
	s.failed.Add(1)
}
