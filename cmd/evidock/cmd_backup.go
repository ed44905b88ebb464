package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"evidock/internal/cli"
	"evidock/internal/human"
	"evidock/safekeeping"
	"evidock/store"
)

func init() {
	declare(command{name: "backup", help: "backup.help", who: workstationUnlessUser, needs: store.ActBackup, json: jsonObject,
		flags: func(f *cli.Flags) runFunc {
			to := f.String("to", "", "backup.to")
			verify := f.Bool("verify", false, "backup.verify")
			target := f.String("set-target", "", "backup.set_target")
			every := f.Float64("every-hours", 24, "backup.every_hours")
			return func(ctx context.Context, x *call) error { return x.backup(ctx, *to, *verify, *target, *every) }
		}},
		command{name: "restore", help: "restore.help", who: noSession, needs: "",
			flags: func(f *cli.Flags) runFunc {
				from := f.String("from", "", "restore.from")
				bucket := bucketFlags(f)
				var verifiers listFlag
				f.Var(&verifiers, "verifier", "restore.verifier")
				return func(ctx context.Context, x *call) error {
					if (*from == "") == !bucket.given() {
						return x.usage()
					}
					if bucket.given() {
						return x.restoreBucket(ctx, bucket, verifiers)
					}
					rep, err := safekeeping.Restore(ctx, *from, x.dataDir)
					if err != nil {
						return err
					}
					x.done("restore.done", *from, x.dataDir, rep.Manifest.HeadSize, rep.Manifest.Time.Local().Format(time.DateTime), rep.Files, human.Bytes(rep.Bytes))
					return nil
				}
			}},
		command{name: "check", help: "check.help", who: workstationUnlessUser, needs: store.ActIntegrityCheck, json: jsonObject,
			flags: func(f *cli.Flags) runFunc {
				resume := f.Bool("resume", false, "check.resume")
				problems := f.Bool("problems", false, "check.problems")
				ack := f.Int64("ack", 0, "check.ack")
				note := f.String("note", "", "check.note")
				rate := f.Float64("rate", 0, "check.rate")
				return func(ctx context.Context, x *call) error {
					if *ack != 0 && strings.TrimSpace(*note) == "" {
						return x.usagef("usage.missing", "--note")
					}
					if *ack != 0 && x.user == "" {
						return x.usagef("check.ack_needs_user")
					}
					switch {
					case *ack != 0:
						return x.acknowledge(ctx, *ack, *note)
					case *problems:
						return x.openProblems(ctx)
					}
					return x.check(ctx, *resume, *rate)
				}
			}},
		command{name: "space", help: "space.help", who: workstationUnlessUser, needs: store.ActSpaceRead, json: jsonObject,
			flags: plain((*call).space)})
}

func (x *call) backup(ctx context.Context, to string, verify bool, target string, every float64) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	if target != "" {
		if err := safekeeping.SetBackupTarget(ctx, sess, target, time.Duration(every*float64(time.Hour))); err != nil {
			return err
		}
		x.done("backup.scheduled", target, every)
		return nil
	}
	dir := to
	if dir == "" {
		t, err := safekeeping.CurrentBackupTarget(ctx, sess.Store())
		if err != nil {
			return x.usagef("backup.give_to", err)
		}
		dir = t.Dir
	}
	opts := safekeeping.BackupOptions{Verify: verify}
	if !x.json && isTerminal(x.Stderr) {
		opts.Progress = func(done, total int64) { fmt.Fprintf(x.Stderr, "\r%s   ", x.tr("backup.progress", done, total)) }
	}
	rep, err := safekeeping.Backup(ctx, sess, dir, opts)
	if opts.Progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		return err
	}
	if x.json {
		x.printJSON(rep)
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(x.Stdout, p.String())
		}
		fmt.Fprintln(x.Stdout, x.tr("backup.done", rep.Dir, rep.HeadSize, rep.Files, rep.Copied, human.Bytes(rep.Bytes), rep.Removed))
	}
	if !rep.OK {
		if !x.json {
			fmt.Fprintln(x.Stderr, "evidock:", x.tr("backup.incomplete"))
		}
		return cli.ErrFailed
	}
	return nil
}

func (x *call) acknowledge(ctx context.Context, id int64, note string) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	if err := safekeeping.Acknowledge(ctx, sess, id, note); err != nil {
		return err
	}
	x.done("check.acked", id)
	return nil
}

func (x *call) openProblems(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	ps, err := safekeeping.OpenProblems(ctx, sess)
	if err != nil {
		return err
	}
	if x.json {
		if ps == nil {
			ps = []safekeeping.IntegrityProblem{}
		}
		x.printJSON(ps)
	} else {
		for _, p := range ps {
			fmt.Fprintf(x.Stdout, "%d\t%s\t%s: %s\n", p.ID, p.FoundAt.Local().Format(time.DateTime), p.Ref, p.What)
		}
		fmt.Fprintln(x.Stdout, x.tr("check.open_problems", len(ps)))
	}
	if len(ps) > 0 {
		return cli.ErrFailed
	}
	return nil
}

func (x *call) check(ctx context.Context, resume bool, rate float64) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	opts := safekeeping.CheckOptions{Resume: resume, Rate: int64(rate * 1e6)}
	if !x.json && isTerminal(x.Stderr) {
		opts.Progress = func(p safekeeping.CheckProgress) {
			key := "check.progress"
			if p.Busy {
				key = "check.progress_slowed"
			}
			fmt.Fprintf(x.Stderr, "\r%s   ", x.tr(key, p.Files, p.Total))
		}
	}
	run, err := safekeeping.RunCheck(ctx, sess, opts)
	if opts.Progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		return err
	}
	if x.json {
		x.printJSON(run)
	} else {
		for _, p := range run.Problems {
			fmt.Fprintln(x.Stdout, p.String())
		}
		fmt.Fprintln(x.Stdout, x.tr("check.done", run.ID, run.Files, human.Bytes(run.Bytes), len(run.Problems)))
	}
	if len(run.Problems) > 0 {
		return cli.ErrFailed
	}
	return nil
}

func (x *call) space(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	s, err := safekeeping.SpaceOf(ctx, sess)
	if err != nil {
		return err
	}
	if x.json {
		x.printJSON(s)
	} else {
		left := x.tr("space.no_imports")
		if s.DaysLeft >= 0 {
			left = x.tr("space.days_left", fmt.Sprintf("%.0f", s.DaysLeft), human.Bytes(int64(s.PerDay)))
		}
		fmt.Fprintln(x.Stdout, x.tr("space.report", s.Dir, human.Bytes(s.Free), human.Bytes(s.Total), left, string(s.Level)))
	}
	if s.Level == safekeeping.SpaceCritical {
		return cli.ErrFailed
	}
	return nil
}
