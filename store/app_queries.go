package store

import (
	"context"
	"fmt"
	"strings"
)

// RecordSetting writes the ledger entry for a change of one of the
// workstation's settings kept outside the store (the window keeps mount
// roots and thresholds in the data folder's workstation.json): the
// setting's name and its value before and after. Only an administrator
// may change settings; the window calls this before saving.
func (sess *Session) RecordSetting(ctx context.Context, name string, before, after any) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("store: a setting needs a name: %w", ErrInvalid)
	}
	subject := "setting:" + name
	if err := sess.Check(ctx, ActSettingsChange, subject); err != nil {
		return err
	}
	if _, err := sess.Log(ctx, "settings.change", subject, map[string]any{"before": before, "after": after}); err != nil {
		return fmt.Errorf("store: record setting %s: %w", name, err)
	}
	return nil
}
