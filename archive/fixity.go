package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"evidock/digest"
	"evidock/pagecache"
)

// CheckFile re-reads an archived file, through wrap when it is not nil (a
// throttle), and compares it with its recorded size and both hashes. It
// returns what differs ("" when nothing does) and the bytes read.
func CheckFile(path, sha256hex, sm3hex string, size int64, wrap func(io.Reader) io.Reader) (what string, read int64) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "is missing", 0
	}
	if err != nil {
		return fmt.Sprintf("cannot be read: %v", err), 0
	}
	defer f.Close()
	var r io.Reader = pagecache.ReadOnce(f)
	if wrap != nil {
		r = wrap(r)
	}
	sum, n, err := digest.Copy(nil, r)
	switch {
	case err != nil:
		return fmt.Sprintf("cannot be read: %v", err), n
	case n != size:
		return fmt.Sprintf("has %d bytes, recorded %d", n, size), n
	case sum.SHA256Hex() != sha256hex && sum.SM3Hex() != sm3hex:
		return "content changed: SHA-256 and SM3 both differ", n
	case sum.SHA256Hex() != sha256hex:
		return "SHA-256 differs", n
	case sum.SM3Hex() != sm3hex:
		return "SM3 differs", n
	}
	return "", n
}
