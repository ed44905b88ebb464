// Package human writes sizes and durations the way people read them. It is
// the one formatter of both for the whole program, so the window, the
// command line and the printed evidence description say the same size the
// same way: a 4.7 GB disc reads 4.7 GB everywhere.
package human

import (
	"fmt"
	"time"
)

// Bytes says n bytes in the decimal units disks and discs are sold in:
// 1.5 GB is 1.5e9 bytes. Below 1000 it gives the exact count ("999 B").
func Bytes(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	// Step up while the one decimal shown would round to 1000: 999,999
	// bytes is 1.0 MB, not 1000.0 KB.
	v, exp := float64(n)/1000, 0
	for v >= 999.95 && exp < len(units)-1 {
		v /= 1000
		exp++
	}
	return fmt.Sprintf("%.1f %cB", v, units[exp])
}

// units are the decimal prefixes Bytes uses, from kilo to exa.
const units = "KMGTPE"

// Clock says a duration as a clock reads it, h:mm:ss or m:ss, to the
// nearest second: a recording of 754.6 s is 12:35.
func Clock(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}
