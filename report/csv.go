package report

import (
	"encoding/csv"
	"fmt"
	"io"

	"evidock/followups"
)

// WriteCSV writes the report as one CSV file: the heading, then each table
// as its title line, its header and its rows, with an empty line between
// tables. It starts with a UTF-8 byte order mark so that spreadsheet
// programs read the Chinese text right.
func WriteCSV(w io.Writer, r followups.Monthly) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, l := range heading(r) {
		cw.Write([]string{l})
	}
	for _, t := range Tables(r) {
		cw.Write(nil)
		cw.Write([]string{t.Title})
		cw.Write(t.Header)
		for _, row := range t.Rows {
			cw.Write(row)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	return nil
}
