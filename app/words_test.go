package app

import "testing"

// Sizes on screen use the decimal units of the disc list and the evidence
// PDF, so a 4.7 GB disc reads 4.7 GB in both.
func TestBytesDecimal(t *testing.T) {
	for n, want := range map[int64]string{
		0:             "0 B",
		999:           "999 B",
		1500:          "1.5 KB",
		2_147_500_032: "2.1 GB",
		4_700_000_000: "4.7 GB",
	} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
