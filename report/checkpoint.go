package report

import (
	"fmt"
	"io"

	"evidock/followups"
)

// WriteWithCheckpoint writes r in format f made at a ledger checkpoint: a
// PDF prints note (what the checkpoint says, and the file beside the report
// that holds it signed) at the foot of every page; the other formats are
// written as by Write, their checkpoint only in the file beside them.
func WriteWithCheckpoint(w io.Writer, f Format, r followups.Monthly, note string) error {
	if f == PDF {
		return writePDF(w, r, note)
	}
	return Write(w, f, r)
}

// CheckpointNote is the footer line for a checkpoint of the ledger of
// origin at size entries with the given base64 root, kept signed in file.
func CheckpointNote(origin string, size int64, root, file string) string {
	return fmt.Sprintf("账本检查点 ledger checkpoint: %s · %d 条 entries · %s · 签名文件 signed in %s", origin, size, root, file)
}
