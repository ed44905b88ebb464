package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// echoOff stops the console f from echoing what is typed, until restore.
func echoOff(f *os.File) (restore func(), err error) {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return nil, fmt.Errorf("console mode: %w", err)
	}
	if err := windows.SetConsoleMode(h, mode&^windows.ENABLE_ECHO_INPUT|windows.ENABLE_LINE_INPUT); err != nil {
		return nil, fmt.Errorf("console mode: %w", err)
	}
	return func() { windows.SetConsoleMode(h, mode) }, nil
}
