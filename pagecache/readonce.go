// Package pagecache advises the operating system on file data in memory:
// what it need not keep, and what it may start writing to the disk now.
// Recordings are read once — from a recorder, for a read-back check, for
// verify — and a shift of video or a whole archive kept in the page cache
// would only crowd out what the workstation does reuse (its ledger); and a
// recording being written can go to the disk while the cores hash the rest.
// On systems without such advice these calls do nothing; what is read or
// written is unaffected either way.
package pagecache

import (
	"io"
	"os"
)

// dropStep is how much of a file is read before the kernel is told to
// forget it.
const dropStep = 8 << 20

// ReadOnce wraps r, when it is an *os.File, for a single front-to-back
// read that lets the kernel forget each part once it has been read.
// Measured on the 2 GiB bench set, it also saves the system time of
// growing the cache by gigabytes.
func ReadOnce(r io.Reader) io.Reader {
	if f, ok := r.(*os.File); ok {
		return &dropBehind{f: f}
	}
	return r
}

type dropBehind struct {
	f             *os.File
	read, dropped int64
}

func (d *dropBehind) Read(p []byte) (int, error) {
	n, err := d.f.Read(p)
	d.read += int64(n)
	if d.read-d.dropped >= dropStep || (err == io.EOF && d.read > d.dropped) {
		Forget(d.f, d.dropped, d.read-d.dropped)
		d.dropped = d.read
	}
	return n, err
}
