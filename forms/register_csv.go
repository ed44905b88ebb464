package forms

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"evidock/access"
	"evidock/regulation"
)

// registerColumns are the viewing register's column titles (Art. 17: who
// viewed what, why and when), in Chinese and English.
var registerColumns = map[string][]string{
	regulation.ZH: {"时间", "录像编号", "查阅人", "调阅事由", "查阅原因", "批准人", "申请编号", "方式", "登记人", "台账序号"},
	regulation.EN: {"time", "recording", "viewer", "purpose", "reason", "approved by", "request", "kind", "registered by", "ledger seq"},
}

// registerKinds are how a viewing came to be registered.
var registerKinds = map[string]map[string]string{
	regulation.ZH: {"play": "工作站播放", "registered": "保管人登记"},
	regulation.EN: {"play": "played at the workstation", "registered": "registered by the custodian"},
}

// WriteRegisterCSV writes the viewing register (Art. 17) as CSV for a
// spreadsheet, the same from the window and the command line: a UTF-8 byte
// order mark so that the Chinese is read right, CRLF line ends, column
// titles in lang (regulation.ZH or EN), times in the workstation's zone,
// people by the names who gives for a ledger name, and no cell that a
// spreadsheet would take for a formula.
func WriteRegisterCSV(w io.Writer, rows []access.Viewing, lang string, who func(ledgerName string) string) error {
	if lang != regulation.EN {
		lang = regulation.ZH
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("forms: register csv: %w", err)
	}
	c := csv.NewWriter(w)
	c.UseCRLF = true
	c.Write(registerColumns[lang])
	for _, v := range rows {
		kind := registerKinds[lang][v.Kind]
		if kind == "" {
			kind = v.Kind
		}
		c.Write([]string{v.Time.Local().Format("2006-01-02 15:04:05"), v.RecordingID, cell(v.Viewer),
			regulation.Purposes.Word(string(v.Purpose), lang), cell(v.Reason), cell(who(v.ApprovedBy)),
			strconv.FormatInt(v.RequestID, 10), kind, cell(who(v.RegisteredBy)), strconv.FormatInt(v.LedgerSeq, 10)})
	}
	c.Flush()
	if err := c.Error(); err != nil {
		return fmt.Errorf("forms: register csv: %w", err)
	}
	return nil
}

// cell keeps a spreadsheet from reading free text as a formula: text
// starting with = + - @ (or a tab or carriage return) gets a leading '.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
