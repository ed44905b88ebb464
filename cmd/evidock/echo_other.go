//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package main

import (
	"errors"
	"os"
)

// echoOff is not available here: the password is read with echo on.
func echoOff(*os.File) (restore func(), err error) {
	return nil, errors.New("cannot turn terminal echo off on this system")
}
