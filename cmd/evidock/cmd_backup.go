package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"evidock/internal/human"
	"evidock/store"
)

func init() {
	register(command{name: "backup", usage: "backup [--to DIR] [--verify] [--json] | backup --set-target DIR [--every-hours N]",
		help: "copy the ledger and new archive files to a second disk, each copy verified", run: (*Main).backupCmd})
	register(command{name: "restore", usage: "restore --from DIR | restore --endpoint URL --bucket NAME [--prefix P] [--verifier KEY|FILE]…",
		help: "bring the (empty) data folder back from a backup, or from a replica bucket", run: (*Main).restoreCmd})
	register(command{name: "check", usage: "check [--resume] [--json] | check --problems | check --ack ID --note TEXT",
		help: "run the scheduled integrity check now; list or acknowledge what it found", run: (*Main).checkCmd})
	register(command{name: "space", usage: "space [--json]",
		help: "free space of the data folder's disk and the days left at the current import rate", run: (*Main).spaceCmd})
}

// unattended runs fn as --user when given, else as the workstation
// (scheduled checks, backups and space run unattended).
func (m *Main) unattended(ctx context.Context, fn func(*store.Session) error) int {
	w := workstationAlways
	if m.user != "" {
		w = userOnly
	}
	return m.with(ctx, w, fn)
}

func (m *Main) backupCmd(ctx context.Context, args []string) int {
	fs := m.flags("backup")
	to := fs.String("to", "", "the backup folder (default: the one set with --set-target)")
	verify := fs.Bool("verify", false, "also re-hash the files already in the backup")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	target := fs.String("set-target", "", "set the scheduled backup's folder (administrator)")
	every := fs.Float64("every-hours", 24, "with --set-target: hours between scheduled backups")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return exitUsage
	}
	return m.unattended(ctx, func(sess *store.Session) error {
		if *target != "" {
			if err := sess.SetBackupTarget(ctx, *target, time.Duration(*every*float64(time.Hour))); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "scheduled backup to %s every %g hours\n", *target, *every)
			return nil
		}
		dir := *to
		if dir == "" {
			t, err := sess.Store().BackupTarget(ctx)
			if err != nil {
				return usageError{"give --to DIR (" + err.Error() + ")"}
			}
			dir = t.Dir
		}
		opts := store.BackupOptions{Verify: *verify}
		if !*asJSON && isTerminal(m.Stderr) {
			opts.Progress = func(done, total int64) { fmt.Fprintf(m.Stderr, "\rcopying %d/%d   ", done, total) }
		}
		rep, err := sess.Backup(ctx, dir, opts)
		if opts.Progress != nil {
			fmt.Fprintln(m.Stderr)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			m.printJSON(rep)
		} else {
			for _, p := range rep.Problems {
				fmt.Fprintln(m.Stdout, p.String())
			}
			fmt.Fprintf(m.Stdout, "backup in %s: %d ledger entries, %d recordings (%d copied, %s; %d purged removed)\n",
				rep.Dir, rep.HeadSize, rep.Files, rep.Copied, human.Bytes(rep.Bytes), rep.Removed)
		}
		if !rep.OK {
			return errors.New("the backup is incomplete: its ledger was not replaced")
		}
		return nil
	})
}

func (m *Main) restoreCmd(ctx context.Context, args []string) int {
	fs := m.flags("restore")
	from := fs.String("from", "", "the backup folder")
	bucket := m.bucketFlags(fs)
	var verifiers listFlag
	fs.Var(&verifiers, "verifier", "with --endpoint: a verifier key (or a file of them) to check the bucket's checkpoint with; repeatable")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || (*from == "") == !bucket.given() {
		fs.Usage()
		return exitUsage
	}
	if bucket.given() {
		return m.restoreBucket(ctx, bucket, verifiers)
	}
	rep, err := store.Restore(ctx, *from, m.dataDir)
	if err != nil {
		return m.fail(err)
	}
	fmt.Fprintf(m.Stdout, "restored %s into %s: %d ledger entries of %s, %d recordings (%s); run `evidock verify` to check it\n",
		*from, m.dataDir, rep.Manifest.HeadSize, rep.Manifest.Time.Local().Format(time.DateTime), rep.Files, human.Bytes(rep.Bytes))
	return exitOK
}

func (m *Main) checkCmd(ctx context.Context, args []string) int {
	fs := m.flags("check")
	resume := fs.Bool("resume", false, "continue a check that was cut short, instead of starting over")
	asJSON := fs.Bool("json", false, "print the run, or the problems, as JSON")
	problems := fs.Bool("problems", false, "list the open problems instead of checking")
	ack := fs.Int64("ack", 0, "acknowledge open problem ID (custodian; needs --note)")
	note := fs.String("note", "", "with --ack: what was done about it")
	rate := fs.Float64("rate", 0, "MB a second to read while no import runs (default 64; below 0: no limit)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || *ack != 0 && strings.TrimSpace(*note) == "" {
		fs.Usage()
		return exitUsage
	}
	if *ack != 0 && m.user == "" {
		return m.fail(usageError{"acknowledging needs a custodian: give --user NAME"})
	}
	return m.unattended(ctx, func(sess *store.Session) error {
		switch {
		case *ack != 0:
			if err := sess.Acknowledge(ctx, *ack, *note); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "problem %d acknowledged\n", *ack)
			return nil
		case *problems:
			ps, err := sess.OpenProblems(ctx)
			if err != nil {
				return err
			}
			if *asJSON {
				m.printJSON(ps)
			} else {
				for _, p := range ps {
					fmt.Fprintf(m.Stdout, "%d\t%s\t%s: %s\n", p.ID, p.FoundAt.Local().Format(time.DateTime), p.Ref, p.What)
				}
				fmt.Fprintf(m.Stdout, "%d open problems\n", len(ps))
			}
			if len(ps) > 0 {
				return errProblems
			}
			return nil
		}
		opts := store.CheckOptions{Resume: *resume, Rate: int64(*rate * 1e6)}
		if !*asJSON && isTerminal(m.Stderr) {
			opts.Progress = func(p store.CheckProgress) {
				busy := ""
				if p.Busy {
					busy = " (slowed: an import is running)"
				}
				fmt.Fprintf(m.Stderr, "\rchecking %d/%d%s   ", p.Files, p.Total, busy)
			}
		}
		run, err := sess.RunCheck(ctx, opts)
		if opts.Progress != nil {
			fmt.Fprintln(m.Stderr)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			m.printJSON(run)
		} else {
			for _, p := range run.Problems {
				fmt.Fprintln(m.Stdout, p.String())
			}
			fmt.Fprintf(m.Stdout, "check %d: %d files (%s), %d problems\n", run.ID, run.Files, human.Bytes(run.Bytes), len(run.Problems))
		}
		if len(run.Problems) > 0 {
			return errProblems
		}
		return nil
	})
}

func (m *Main) spaceCmd(ctx context.Context, args []string) int {
	fs := m.flags("space")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return exitUsage
	}
	return m.unattended(ctx, func(sess *store.Session) error {
		s, err := sess.Space(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			m.printJSON(s)
		} else {
			left := "no imports in the last 30 days"
			if s.DaysLeft >= 0 {
				left = fmt.Sprintf("about %.0f days left at %s a day", s.DaysLeft, human.Bytes(int64(s.PerDay)))
			}
			fmt.Fprintf(m.Stdout, "%s: %s free of %s; %s [%s]\n", s.Dir, human.Bytes(s.Free), human.Bytes(s.Total), left, s.Level)
		}
		if s.Level == store.SpaceCritical {
			return errProblems
		}
		return nil
	})
}
