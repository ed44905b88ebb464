// Package app is the workstation's window (Fyne): docking, the library of
// recordings, the ledger and the settings. It is a thin face over the same
// core calls as the command line; bridge.go is the only place where work on
// other goroutines changes widgets.
package app

import (
	"context"
	"fmt"

	fyneapp "fyne.io/fyne/v2/app"

	"evidock/store"
)

// ID is the application id, as in FyneApp.toml.
const ID = "cn.gov.jiangyuan.evidock"

// Run opens the data folder and shows the window until it is closed.
func Run(ctx context.Context, dataDir string) error {
	return RunWith(ctx, dataDir, Options{})
}

// RunWith is Run with options (the demo watches its own folder).
func RunWith(ctx context.Context, dataDir string, opts Options) error {
	st, err := store.Open(dataDir)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ui, err := New(ctx, fyneapp.NewWithID(ID), st, opts)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	defer ui.Close()
	go func() { // Ctrl+C in the terminal closes the window
		<-ctx.Done()
		ui.Bridge().Do(ui.App.Quit)
	}()
	ui.Win.ShowAndRun()
	ui.Bridge().Close()
	return nil
}
