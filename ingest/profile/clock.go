package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// ErrNoClock is returned by [Profile.SetClock] when the profile does not say
// how to set the recorder's clock.
var ErrNoClock = errors.New("profile: this recorder's clock cannot be set")

// WriteFS is the small write side of a volume that SetClock needs. An
// *os.Root opened on the volume's mount point satisfies it.
type WriteFS interface {
	// WriteFile writes data to the file name (relative, slash-separated),
	// creating or truncating it.
	WriteFile(name string, data []byte, perm fs.FileMode) error
}

// SetClock writes now into the profile's clock file on the volume w, in the
// profile's layout, so that the recorder sets its clock when it next starts.
// now is written as the wall-clock time of its location: pass it in the
// recorder's zone. It returns [ErrNoClock] when the profile has no clock.
func (p Profile) SetClock(w WriteFS, now time.Time) error {
	if p.Clock == nil || p.Clock.File == "" || p.Clock.Layout == "" {
		return fmt.Errorf("set clock with profile %s: %w", p.Name, ErrNoClock)
	}
	if err := w.WriteFile(p.Clock.File, []byte(now.Format(p.Clock.Layout)), 0o644); err != nil {
		return fmt.Errorf("set clock with profile %s: write %s: %w", p.Name, p.Clock.File, err)
	}
	return nil
}
