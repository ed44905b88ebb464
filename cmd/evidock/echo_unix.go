//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// termiosEchoOff clears ECHO in fd's terminal settings with the OS's
// get and set requests, and returns how to put them back.
func termiosEchoOff(fd int, get, set uint) (func(), error) {
	old, err := unix.IoctlGetTermios(fd, get)
	if err != nil {
		return nil, fmt.Errorf("terminal settings: %w", err)
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	if err := unix.IoctlSetTermios(fd, set, &quiet); err != nil {
		return nil, fmt.Errorf("terminal settings: %w", err)
	}
	return func() { unix.IoctlSetTermios(fd, set, old) }, nil
}
