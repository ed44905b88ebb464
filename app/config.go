package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// ConfigName is the workstation's settings file in the data folder.
const ConfigName = "workstation.json"

// Config is the workstation's settings that belong to its data folder (the
// language belongs to the person and is kept in Fyne's preferences).
type Config struct {
	// Roots are folders watched in folder mode: every folder directly inside
	// one counts as a recorder (for collectors that copy recordings into a
	// folder), in addition to the system's removable drives.
	Roots []string `json:"roots"`
	// GapThresholdS is how long a pause between two clips may be before it
	// is an interruption needing an explanation (Art. 11).
	GapThresholdS int `json:"gap_threshold_s"`
	// ClockToleranceS is how far a recorder's clock may be off before it is
	// flagged (Art. 5).
	ClockToleranceS int `json:"clock_tolerance_s"`
	// FreeWarnGB warns when the data folder's disk has less free space.
	FreeWarnGB int `json:"free_warn_gb"`
}

// DefaultConfig is used when the data folder has no settings file.
func DefaultConfig() Config {
	return Config{GapThresholdS: 60, ClockToleranceS: 120, FreeWarnGB: 20}
}

// LoadConfig reads the settings of a data folder.
func LoadConfig(dataDir string) (Config, error) {
	c := DefaultConfig()
	data, err := os.ReadFile(filepath.Join(dataDir, ConfigName))
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("app: settings: %w", err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return DefaultConfig(), fmt.Errorf("app: settings %s: %w", ConfigName, err)
	}
	if c.GapThresholdS <= 0 {
		c.GapThresholdS = 60
	}
	if c.ClockToleranceS <= 0 {
		c.ClockToleranceS = 120
	}
	return c, nil
}

// Save writes the settings atomically.
func (c Config) Save(dataDir string) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dataDir, ConfigName+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("app: save settings: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dataDir, ConfigName)); err != nil {
		return fmt.Errorf("app: save settings: %w", err)
	}
	return nil
}

// GapThreshold is GapThresholdS as a duration.
func (c Config) GapThreshold() time.Duration { return time.Duration(c.GapThresholdS) * time.Second }

// ClockTolerance is ClockToleranceS as a duration.
func (c Config) ClockTolerance() time.Duration {
	return time.Duration(c.ClockToleranceS) * time.Second
}
