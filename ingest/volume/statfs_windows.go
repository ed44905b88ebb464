//go:build windows

package volume

// checkFS has nothing to add to the stat on Windows, where volumes are drive
// letters that are not probed.
func checkFS(string) error { return nil }
