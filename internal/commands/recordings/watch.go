package recordings

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"evidock/ingest/dock"
	"evidock/ingest/volume"
	"evidock/internal/cli"
	"evidock/internal/human"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "watch", Help: "watch.help", Who: cli.ServiceUnlessUser, Needs: store.ActImport, JSON: cli.JSONLines,
		Flags: func(f *cli.Flags) cli.RunFunc {
			roots := f.String("roots", "", "watch.roots")
			folderRoots := f.String("folder-roots", "", "watch.folder_roots")
			return func(ctx context.Context, x *cli.Call) error {
				var rs []volume.Root
				for _, r := range cli.SplitList(*roots) {
					rs = append(rs, volume.Root{Path: r})
				}
				for _, r := range cli.SplitList(*folderRoots) {
					rs = append(rs, volume.Root{Path: r, FolderMode: true})
				}
				return watch(x, ctx, rs)
			}
		}})
}

func watch(x *cli.Call, ctx context.Context, rs []volume.Root) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	svc, err := dock.New(sess.Store(), dock.Config{Roots: rs, Maintain: true, Session: watchSession(x.Main, sess)})
	if err != nil {
		return err
	}
	events := make(chan dock.Event, 64)
	errc := make(chan error, 1)
	go func() { errc <- svc.Run(ctx, events) }()
	lastProgress := map[string]time.Time{}
	enc := json.NewEncoder(x.Stdout)
	enc.SetEscapeHTML(false)
	for e := range events {
		if e.Type == dock.Progress {
			if time.Since(lastProgress[e.Volume]) < time.Second {
				continue
			}
			lastProgress[e.Volume] = time.Now()
		}
		if x.JSON {
			x.PrintedJSON()
			enc.Encode(e)
		} else {
			fmt.Fprintln(x.Stdout, describeEvent(x.Main, e))
		}
	}
	return <-errc
}

// describeEvent is an event in one line for a person.
func describeEvent(m *cli.Main, e dock.Event) string {
	at := e.Time.Local().Format(time.TimeOnly)
	switch e.Type {
	case dock.VolumeSeen:
		return m.Tr("watch.seen", at, e.Volume)
	case dock.Unrecognised:
		return m.Tr("watch.unrecognised", at, e.Volume)
	case dock.Recognised:
		s := m.Tr("watch.recognised", at, e.Volume, e.Serial, e.Profile)
		if e.Officer != "" {
			s += m.Tr("watch.officer", e.Officer)
		}
		if len(e.Flags) > 0 {
			s += " — " + strings.Join(e.Flags, ", ")
		}
		return s
	case dock.ImportStarted:
		return m.Tr("watch.started", at, e.Volume, e.ImportID)
	case dock.Progress:
		p := e.Progress
		return m.Tr("watch.progress", at, e.Volume, p.FilesDone, p.FilesTotal, human.Bytes(p.BytesDone), human.Bytes(p.BytesTotal))
	case dock.Finished:
		s := fmt.Sprintf("%s %s: %s — %s", at, e.Volume, e.Result.Status, e.Result.Message)
		if e.Result.SafeToPull {
			s += " " + m.Tr("watch.safe")
		}
		for _, p := range e.Result.Problems {
			s += fmt.Sprintf("\n    %s: %s", p.Path, p.Err)
		}
		return s
	case dock.Interruptions:
		return m.Tr("watch.interruptions", at, e.Serial, len(e.Gaps))
	case dock.Wiped:
		return m.Tr("watch.wiped", at, e.Serial, len(e.Files))
	case dock.ClockSet:
		return m.Tr("watch.clock_set", at, e.Serial)
	case dock.IntegrityChecked:
		if len(e.Files) == 0 {
			return m.Tr("watch.check_ok", at)
		}
		return m.Tr("watch.check_problems", at, len(e.Files), strings.Join(e.Files, "\n    "))
	case dock.RetentionDue:
		return m.Tr("watch.retention_due", at, e.Count)
	case dock.BackedUp:
		if len(e.Files) == 0 {
			return m.Tr("watch.backup_ok", at)
		}
		return m.Tr("watch.backup_problems", at, len(e.Files), strings.Join(e.Files, "\n    "))
	case dock.Replicated:
		if len(e.Files) == 0 {
			return m.Tr("watch.replicated_ok", at)
		}
		return m.Tr("watch.replicated_problems", at, len(e.Files), strings.Join(e.Files, "\n    "))
	case dock.VolumeGone:
		return m.Tr("watch.gone", at, e.Volume)
	case dock.Failed:
		return m.Tr("watch.failed", at, e.Volume, e.Error)
	}
	return fmt.Sprintf("%s %s: %s", at, e.Volume, e.Type)
}

// watchSession is who watch docks as: the user it was started with, else a
// fresh login of the service account for each docking (each a ledger
// entry), so an account disabled meanwhile stops docking.
func watchSession(m *cli.Main, started *store.Session) func(context.Context) (*store.Session, error) {
	if m.User() != "" {
		return func(context.Context) (*store.Session, error) { return started, nil }
	}
	return started.Store().DockingSession
}
