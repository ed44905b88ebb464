package forms

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/regulation"
)

// The viewing register's CSV opens right in a spreadsheet: a byte order
// mark, CRLF, titles in the reader's language, the regulation's word for
// the purpose, names instead of logins, and free text that would be a
// formula kept as text.
func TestWriteRegisterCSV(t *testing.T) {
	rows := []access.Viewing{{Time: time.Date(2026, 11, 28, 1, 5, 0, 0, time.UTC), RequestID: 7, RecordingID: "rec-1",
		Viewer: "=HYPERLINK(\"http://x\")", Reason: "复核", Purpose: access.PurposeCase, ApprovedBy: "user:boss",
		RegisteredBy: "user:keeper", Kind: "registered", LedgerSeq: 42}}
	who := func(n string) string {
		return map[string]string{"user:boss": "王局长", "user:keeper": "李保管"}[n]
	}
	for _, c := range []struct{ lang, title, kind string }{
		{regulation.ZH, "时间", "保管人登记"}, {regulation.EN, "time", "registered by the custodian"},
	} {
		var buf bytes.Buffer
		if err := WriteRegisterCSV(&buf, rows, c.lang, who); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.HasPrefix(out, "\ufeff"+c.title+",") || !strings.Contains(out, "\r\n") {
			t.Fatalf("%s: no BOM, title or CRLF:\n%q", c.lang, out)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("%s: %v %v", c.lang, recs, err)
		}
		row := recs[1]
		local := rows[0].Time.Local().Format("2006-01-02 15:04:05")
		want := []string{local, "rec-1", "'=HYPERLINK(\"http://x\")", regulation.Purposes.Word("case", c.lang), "复核", "王局长", "7", c.kind, "李保管", "42"}
		for i := range want {
			if row[i] != want[i] {
				t.Errorf("%s column %d (%s): %q, want %q", c.lang, i, recs[0][i], row[i], want[i])
			}
		}
	}
}
