package keeping

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
	cli.Declare(cli.Command{Name: "backup", Help: "backup.help", Who: cli.WorkstationUnlessUser, Needs: store.ActBackup, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			to := f.String("to", "", "backup.to")
			verify := f.Bool("verify", false, "backup.verify")
			target := f.String("set-target", "", "backup.set_target")
			every := f.Float64("every-hours", 24, "backup.every_hours")
			return func(ctx context.Context, x *cli.Call) error { return backup(x, ctx, *to, *verify, *target, *every) }
		}},
		cli.Command{Name: "restore", Help: "restore.help", Who: cli.NoSession, Needs: "",
			Flags: func(f *cli.Flags) cli.RunFunc {
				from := f.String("from", "", "restore.from")
				bucket := bucketFlags(f)
				var verifiers listFlag
				f.Var(&verifiers, "verifier", "restore.verifier")
				return func(ctx context.Context, x *cli.Call) error {
					if (*from == "") == !bucket.given() {
						return x.Usage()
					}
					if bucket.given() {
						return restoreBucket(x, ctx, bucket, verifiers)
					}
					rep, err := safekeeping.Restore(ctx, *from, x.DataDir())
					if err != nil {
						return err
					}
					x.Done("restore.done", *from, x.DataDir(), rep.Manifest.HeadSize, rep.Manifest.Time.Local().Format(time.DateTime), rep.Files, human.Bytes(rep.Bytes))
					return nil
				}
			}},
		cli.Command{Name: "check", Help: "check.help", Who: cli.WorkstationUnlessUser, Needs: store.ActIntegrityCheck, JSON: cli.JSONObject,
			Flags: func(f *cli.Flags) cli.RunFunc {
				resume := f.Bool("resume", false, "check.resume")
				problems := f.Bool("problems", false, "check.problems")
				ack := f.Int64("ack", 0, "check.ack")
				note := f.String("note", "", "check.note")
				rate := f.Float64("rate", 0, "check.rate")
				return func(ctx context.Context, x *cli.Call) error {
					if *ack != 0 && strings.TrimSpace(*note) == "" {
						return x.Usagef("usage.missing", "--note")
					}
					if *ack != 0 && x.User() == "" {
						return x.Usagef("check.ack_needs_user")
					}
					switch {
					case *ack != 0:
						return acknowledge(x, ctx, *ack, *note)
					case *problems:
						return openProblems(x, ctx)
					}
					return check(x, ctx, *resume, *rate)
				}
			}},
		cli.Command{Name: "space", Help: "space.help", Who: cli.WorkstationUnlessUser, Needs: store.ActSpaceRead, JSON: cli.JSONObject,
			Flags: cli.Plain(space)})
}

func backup(x *cli.Call, ctx context.Context, to string, verify bool, target string, every float64) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	if target != "" {
		if err := safekeeping.SetBackupTarget(ctx, sess, target, time.Duration(every*float64(time.Hour))); err != nil {
			return err
		}
		x.Done("backup.scheduled", target, every)
		return nil
	}
	dir := to
	if dir == "" {
		t, err := safekeeping.CurrentBackupTarget(ctx, sess.Store())
		if err != nil {
			return x.Usagef("backup.give_to", err)
		}
		dir = t.Dir
	}
	opts := safekeeping.BackupOptions{Verify: verify}
	if !x.JSON && cli.IsTerminal(x.Stderr) {
		opts.Progress = func(done, total int64) { fmt.Fprintf(x.Stderr, "\r%s   ", x.Tr("backup.progress", done, total)) }
	}
	rep, err := safekeeping.Backup(ctx, sess, dir, opts)
	if opts.Progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		return err
	}
	if x.JSON {
		x.PrintJSON(rep)
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(x.Stdout, p.String())
		}
		fmt.Fprintln(x.Stdout, x.Tr("backup.done", rep.Dir, rep.HeadSize, rep.Files, rep.Copied, human.Bytes(rep.Bytes), rep.Removed))
	}
	if !rep.OK {
		if !x.JSON {
			fmt.Fprintln(x.Stderr, "evidock:", x.Tr("backup.incomplete"))
		}
		return cli.ErrFailed
	}
	return nil
}

func acknowledge(x *cli.Call, ctx context.Context, id int64, note string) error {
	return x.Act(ctx, func(sess *store.Session) error { return safekeeping.Acknowledge(ctx, sess, id, note) }, "check.acked", id)
}

func openProblems(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	ps, err := safekeeping.OpenProblems(ctx, sess)
	if err != nil {
		return err
	}
	if x.JSON {
		if ps == nil {
			ps = []safekeeping.IntegrityProblem{}
		}
		x.PrintJSON(ps)
	} else {
		for _, p := range ps {
			fmt.Fprintf(x.Stdout, "%d\t%s\t%s: %s\n", p.ID, p.FoundAt.Local().Format(time.DateTime), p.Ref, p.What)
		}
		fmt.Fprintln(x.Stdout, x.Tr("check.open_problems", len(ps)))
	}
	if len(ps) > 0 {
		return cli.ErrFailed
	}
	return nil
}

func check(x *cli.Call, ctx context.Context, resume bool, rate float64) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	opts := safekeeping.CheckOptions{Resume: resume, Rate: int64(rate * 1e6)}
	if !x.JSON && cli.IsTerminal(x.Stderr) {
		opts.Progress = func(p safekeeping.CheckProgress) {
			key := "check.progress"
			if p.Busy {
				key = "check.progress_slowed"
			}
			fmt.Fprintf(x.Stderr, "\r%s   ", x.Tr(key, p.Files, p.Total))
		}
	}
	run, err := safekeeping.RunCheck(ctx, sess, opts)
	if opts.Progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		return err
	}
	if x.JSON {
		x.PrintJSON(run)
	} else {
		for _, p := range run.Problems {
			fmt.Fprintln(x.Stdout, p.String())
		}
		fmt.Fprintln(x.Stdout, x.Tr("check.done", run.ID, run.Files, human.Bytes(run.Bytes), len(run.Problems)))
	}
	if len(run.Problems) > 0 {
		return cli.ErrFailed
	}
	return nil
}

func space(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	s, err := safekeeping.SpaceOf(ctx, sess)
	if err != nil {
		return err
	}
	if x.JSON {
		x.PrintJSON(s)
	} else {
		left := x.Tr("space.no_imports")
		if s.DaysLeft >= 0 {
			left = x.Tr("space.days_left", fmt.Sprintf("%.0f", s.DaysLeft), human.Bytes(int64(s.PerDay)))
		}
		fmt.Fprintln(x.Stdout, x.Tr("space.report", s.Dir, human.Bytes(s.Free), human.Bytes(s.Total), left, string(s.Level)))
	}
	if s.Level == safekeeping.SpaceCritical {
		return cli.ErrFailed
	}
	return nil
}
