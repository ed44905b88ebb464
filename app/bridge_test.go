package app

import (
	"testing"

	"evidock/app/shell"

	"fyne.io/fyne/v2/test"
)

// Once the window has closed, the bridge drops what other goroutines still
// send (a docking event, the Ctrl+C handler's Quit) instead of handing it to
// Fyne, which would run it on the sender's goroutine and log a thread error.
func TestBridgeDropsAfterClose(t *testing.T) {
	test.NewTempApp(t)
	b := shell.NewBridge()
	ran := 0
	b.Do(func() { ran++ })
	if ran != 1 {
		t.Fatalf("Do before Close ran %d times, want 1", ran)
	}
	b.Close()
	b.Do(func() { ran++ })
	b.Redraw("card", func() { ran++ })
	b.Flush()
	if ran != 1 {
		t.Fatalf("after Close, %d more calls reached the widgets", ran-1)
	}
}
