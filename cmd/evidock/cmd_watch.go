package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"evidock/ingest/dock"
	"evidock/ingest/volume"
	"evidock/internal/human"
	"evidock/store"
)

func init() {
	register(command{name: "watch", usage: "watch [--roots DIR,...] [--folder-roots DIR,...] [--json]",
		help: "dock every recorder that appears, until stopped (the headless docking service); runs the scheduled check, backup and replication", run: (*Main).watchCmd})
}

func (m *Main) watchCmd(ctx context.Context, args []string) int {
	fs := m.flags("watch")
	roots := fs.String("roots", "", "folders where volumes are mounted (default: /media/$USER, /run/media/$USER, /media, /mnt)")
	folderRoots := fs.String("folder-roots", "", "folders where every new sub-folder counts as a recorder (folder mode)")
	asJSON := fs.Bool("json", false, "print one JSON object per event")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	var rs []volume.Root
	for _, r := range splitList(*roots) {
		rs = append(rs, volume.Root{Path: r})
	}
	for _, r := range splitList(*folderRoots) {
		rs = append(rs, volume.Root{Path: r, FolderMode: true})
	}
	return m.with(ctx, serviceUnlessUser, func(sess *store.Session) error {
		svc, err := dock.New(sess.Store(), dock.Config{Roots: rs, Maintain: true, Session: m.watchSession(sess)})
		if err != nil {
			return err
		}
		events := make(chan dock.Event, 64)
		errc := make(chan error, 1)
		go func() { errc <- svc.Run(ctx, events) }()
		lastProgress := map[string]time.Time{}
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		for e := range events {
			if e.Type == dock.Progress {
				if time.Since(lastProgress[e.Volume]) < time.Second {
					continue
				}
				lastProgress[e.Volume] = time.Now()
			}
			if *asJSON {
				enc.Encode(e)
			} else {
				fmt.Fprintln(m.Stdout, describeEvent(e))
			}
		}
		return <-errc
	})
}

// describeEvent is an event in one line for a person.
func describeEvent(e dock.Event) string {
	at := e.Time.Local().Format(time.TimeOnly)
	switch e.Type {
	case dock.VolumeSeen:
		return fmt.Sprintf("%s volume %s appeared", at, e.Volume)
	case dock.Unrecognised:
		return fmt.Sprintf("%s %s: not a recorder this workstation knows; register it (evidock device add) and dock again", at, e.Volume)
	case dock.Recognised:
		s := fmt.Sprintf("%s %s: recorder %s (profile %s)", at, e.Volume, e.Serial, e.Profile)
		if e.Officer != "" {
			s += ", officer " + e.Officer
		}
		if len(e.Flags) > 0 {
			s += " — " + strings.Join(e.Flags, ", ")
		}
		return s
	case dock.ImportStarted:
		return fmt.Sprintf("%s %s: import %s started", at, e.Volume, e.ImportID)
	case dock.Progress:
		p := e.Progress
		return fmt.Sprintf("%s %s: %d/%d files, %s/%s", at, e.Volume, p.FilesDone, p.FilesTotal, human.Bytes(p.BytesDone), human.Bytes(p.BytesTotal))
	case dock.Finished:
		s := fmt.Sprintf("%s %s: %s — %s", at, e.Volume, e.Result.Status, e.Result.Message)
		if e.Result.SafeToPull {
			s += " Safe to unplug."
		}
		for _, p := range e.Result.Problems {
			s += fmt.Sprintf("\n    %s: %s", p.Path, p.Err)
		}
		return s
	case dock.Interruptions:
		return fmt.Sprintf("%s recorder %s: %d interruptions need an explanation (evidock timeline / explain)", at, e.Serial, len(e.Gaps))
	case dock.Wiped:
		return fmt.Sprintf("%s recorder %s: %d verified recordings removed from the recorder", at, e.Serial, len(e.Files))
	case dock.ClockSet:
		return fmt.Sprintf("%s recorder %s: clock set", at, e.Serial)
	case dock.IntegrityChecked:
		if len(e.Files) == 0 {
			return fmt.Sprintf("%s scheduled integrity check: every archived file intact", at)
		}
		return fmt.Sprintf("%s scheduled integrity check found %d problems:\n    %s", at, len(e.Files), strings.Join(e.Files, "\n    "))
	case dock.RetentionDue:
		return fmt.Sprintf("%s %d recordings are past their retention: review them (evidock retention --expired) and request their purge", at, e.Count)
	case dock.BackedUp:
		if len(e.Files) == 0 {
			return fmt.Sprintf("%s scheduled backup done", at)
		}
		return fmt.Sprintf("%s scheduled backup had %d problems:\n    %s", at, len(e.Files), strings.Join(e.Files, "\n    "))
	case dock.Replicated:
		if len(e.Files) == 0 {
			return fmt.Sprintf("%s scheduled replication to the bucket done", at)
		}
		return fmt.Sprintf("%s scheduled replication had %d problems:\n    %s", at, len(e.Files), strings.Join(e.Files, "\n    "))
	case dock.VolumeGone:
		return fmt.Sprintf("%s volume %s gone", at, e.Volume)
	case dock.Failed:
		return fmt.Sprintf("%s %s: error: %s", at, e.Volume, e.Error)
	}
	return fmt.Sprintf("%s %s: %s", at, e.Volume, e.Type)
}

// watchSession is who watch docks as: the user it was started with, else a
// fresh login of the service account for each docking (each a ledger
// entry), so an account disabled meanwhile stops docking.
func (m *Main) watchSession(started *store.Session) func(context.Context) (*store.Session, error) {
	if m.user != "" {
		return func(context.Context) (*store.Session, error) { return started, nil }
	}
	return started.Store().DockingSession
}
