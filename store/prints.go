package store

import (
	"context"
	"fmt"
	"strings"
)

// RecordPrint writes the ledger entry for a form printed from the records
// (package forms): which form, of what (subject), and what it showed. The
// records themselves are read through the session's other methods, with
// their own checks.
func (sess *Session) RecordPrint(ctx context.Context, form, subject string, details map[string]any) error {
	if strings.TrimSpace(form) == "" {
		return fmt.Errorf("store: print: no form named: %w", ErrInvalid)
	}
	if err := sess.Check(ctx, ActFormPrint, subject); err != nil {
		return err
	}
	if details == nil {
		details = map[string]any{}
	}
	details["form"] = form
	if _, err := sess.Log(ctx, "form.print", subject, details); err != nil {
		return fmt.Errorf("store: record print of %s: %w", form, err)
	}
	return nil
}
