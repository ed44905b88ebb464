package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// echoOff stops the terminal f from echoing what is typed, until restore.
func echoOff(f *os.File) (restore func(), err error) {
	return termiosEchoOff(int(f.Fd()), unix.TCGETS, unix.TCSETS)
}
