// Package app is the workstation's window (Fyne). It is a thin face over the
// same core calls as the command line; it changes widgets only through
// fyne.Do.
package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// ID is the application id, as in FyneApp.toml.
const ID = "cn.gov.jiangyuan.evidock"

// Run opens the data folder and shows the window until it is closed.
func Run(ctx context.Context, dataDir string) error {
	st, err := store.Open(dataDir)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	defer st.Close()
	a := fyneapp.NewWithID(ID)
	w := a.NewWindow("执法音像采集工作站")
	w.SetContent(widget.NewLabel("evidock — " + dataDir))
	w.Resize(fyne.NewSize(1024, 700))
	w.ShowAndRun()
	return nil
}
