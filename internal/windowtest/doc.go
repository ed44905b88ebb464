// Package windowtest runs the real evidock window under Xvfb for
// integration tests: a virtual X display of a chosen size (Display), a
// screenshot of it taken by ffmpeg's x11grab, the geometry of its top-level
// windows (xwininfo) and a comparison of screenshots by region.
//
// Its own test docks a tmpfs recorder while the built binary's window shows
// on a 1024×768 and on a 1920×1080 display, sending no input at all, and
// checks that the docking card appears (issue 19). Every helper skips the
// test when a program it needs is missing (make test installs them) and
// stops what it started in t.Cleanup, even when the test fails.
package windowtest
