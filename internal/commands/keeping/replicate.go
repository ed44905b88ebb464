package keeping

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"evidock/digest"
	"evidock/internal/cli"
	"evidock/internal/human"
	"evidock/ledger/checkpoint"
	"evidock/replicate"
	"evidock/safekeeping"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "replicate", Help: "replicate.help", Who: cli.WorkstationUnlessUser, Needs: store.ActReplicate, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			b := bucketFlags(f)
			limit := f.Float64("limit-mbps", 0, "replicate.limit_mbps")
			setTarget := f.Bool("set-target", false, "replicate.set_target")
			every := f.Float64("every-hours", 1, "replicate.every_hours")
			status := f.Bool("status", false, "replicate.status")
			return func(ctx context.Context, x *cli.Call) error {
				if *setTarget && *status || !*status && !b.given() {
					return x.Usage()
				}
				if *status {
					return replicationStatus(x, ctx)
				}
				t, err := target(x.Main, b)
				if err != nil {
					return err
				}
				if *setTarget {
					return setReplicationTarget(x, ctx, t, *every, *limit)
				}
				return replicateCmd(x, ctx, t, *limit)
			}
		}})
}

// bucket names a bucket: the flags --endpoint, --bucket, --region, --prefix.
type bucket struct {
	endpoint, bucket, region, prefix *string
}

// bucketFlags declares the flags that name a bucket.
func bucketFlags(f *cli.Flags) bucket {
	return bucket{
		endpoint: f.String("endpoint", "", "bucket.endpoint"),
		bucket:   f.String("bucket", "", "bucket.bucket"),
		region:   f.String("region", "", "bucket.region"),
		prefix:   f.String("prefix", "", "bucket.prefix"),
	}
}

func (b bucket) given() bool { return *b.endpoint != "" || *b.bucket != "" }

// target is the bucket the flags name, with credentials from the
// environment or the data folder.
func target(m *cli.Main, b bucket) (replicate.Target, error) {
	if *b.endpoint == "" || *b.bucket == "" {
		return replicate.Target{}, m.Usagef("bucket.give_both")
	}
	t := replicate.Target{Endpoint: *b.endpoint, Bucket: *b.bucket, Region: *b.region, Prefix: *b.prefix}
	var err error
	t.AccessKey, t.SecretKey, err = replicate.Credentials(m.DataDir(), m.Getenv)
	if err != nil {
		return t, cli.UsageErr(err.Error())
	}
	return t, nil
}

func setReplicationTarget(x *cli.Call, ctx context.Context, t replicate.Target, every, limit float64) error {
	if x.User() == "" {
		return x.Usagef("replicate.needs_admin")
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	rt := safekeeping.ReplicationTarget{Endpoint: t.Endpoint, Bucket: t.Bucket, Region: t.Region, Prefix: t.Prefix,
		Every: time.Duration(every * float64(time.Hour)), Limit: int64(limit * 1e6)}
	if err := safekeeping.SetReplicationTarget(ctx, sess, rt); err != nil {
		return err
	}
	if err := replicate.SaveCredentials(x.DataDir(), t.AccessKey, t.SecretKey); err != nil {
		return err
	}
	x.Done("replicate.scheduled", t.String(), every)
	return nil
}

func replicateCmd(x *cli.Call, ctx context.Context, t replicate.Target, limit float64) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	opts := replicate.Options{Limit: int64(limit * 1e6)}
	if !x.JSON && cli.IsTerminal(x.Stderr) {
		var last time.Time
		opts.Progress = func(p replicate.Progress) {
			if time.Since(last) < 200*time.Millisecond && p.Phase == "archive" {
				return
			}
			last = time.Now()
			fmt.Fprintf(x.Stderr, "\r%s   ", x.Tr("replicate.progress", p.Phase, p.Files, p.FilesTotal,
				human.Bytes(p.Bytes), human.Bytes(p.BytesTotal), human.Bytes(int64(p.Rate))))
		}
	}
	rep, err := replicate.Run(ctx, sess, t, opts)
	if opts.Progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		if errors.Is(err, checkpoint.ErrRollback) || errors.Is(err, checkpoint.ErrFork) {
			fmt.Fprintln(x.Stdout, "evidock:", err)
			return cli.ErrFailed
		}
		return err
	}
	if x.JSON {
		x.PrintJSON(rep)
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(x.Stdout, p)
		}
		rate := float64(rep.Bytes) / max(rep.Seconds, 1e-3)
		fmt.Fprintln(x.Stdout, x.Tr("replicate.done", rep.Target, rep.Objects, rep.Uploaded, human.Bytes(rep.Bytes), human.Bytes(int64(rate)),
			rep.Present, rep.Extended, rep.HoldOn, rep.HoldOff, rep.Tiles, rep.Checkpoint))
	}
	if !rep.OK {
		return cli.ErrFailed
	}
	return nil
}

func replicationStatus(x *cli.Call, ctx context.Context) error {
	st, err := x.Open()
	if err != nil {
		return err
	}
	lag, err := safekeeping.CurrentReplicationLag(ctx, st)
	if err != nil {
		return err
	}
	rt, _ := safekeeping.CurrentReplicationTarget(ctx, st)
	if x.JSON {
		x.PrintJSON(map[string]any{"target": rt, "lag": lag})
		return nil
	}
	if lag.Target == "" {
		fmt.Fprintln(x.Stdout, x.Tr("replicate.no_target"))
		return nil
	}
	last := x.Tr("replicate.never")
	if !lag.Last.IsZero() {
		last = x.Tr("replicate.last", lag.Last.Local().Format(time.DateTime), (time.Duration(lag.Behind) * time.Millisecond / time.Second * time.Second).String())
	}
	fmt.Fprintln(x.Stdout, x.Tr("replicate.state", lag.Target, rt.Every.Hours(), last, lag.Entries))
	if lag.LastFail != "" {
		fmt.Fprintln(x.Stdout, x.Tr("replicate.failed_since", lag.LastFail))
	}
	return nil
}

// verifyBucket is `verify --endpoint URL --bucket NAME`.
func verifyBucket(x *cli.Call, ctx context.Context, b bucket, quick bool, kernels []digest.Kernel) error {
	t, err := target(x.Main, b)
	if err != nil {
		return err
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	opts := replicate.VerifyOptions{Quick: quick}
	if !x.JSON && cli.IsTerminal(x.Stderr) {
		opts.Progress = func(done, total int) { fmt.Fprintf(x.Stderr, "\r%s   ", x.Tr("check.progress", done, total)) }
	}
	rep, err := replicate.Verify(ctx, sess, t, opts)
	if opts.Progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		return err
	}
	if x.JSON {
		x.PrintJSON(map[string]any{"report": rep, "kernels": kernels})
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(x.Stdout, p)
		}
		if rep.OK {
			fmt.Fprintln(x.Stdout, x.Tr("verify.bucket_intact", rep.Objects, human.Bytes(rep.Bytes), rep.Tiles, rep.Checkpoint))
		} else {
			fmt.Fprintln(x.Stdout, x.Tr("verify.bucket_problems", len(rep.Problems), rep.Target))
		}
	}
	if !rep.OK {
		return cli.ErrFailed
	}
	return nil
}

// restoreBucket is `restore --endpoint URL --bucket NAME [--verifier KEY]…`.
func restoreBucket(x *cli.Call, ctx context.Context, b bucket, verifiers []string) error {
	t, err := target(x.Main, b)
	if err != nil {
		return err
	}
	var keys []string
	for _, v := range verifiers {
		if data, err := os.ReadFile(v); err == nil { // a file of keys, one a line
			keys = append(keys, strings.Fields(string(data))...)
		} else {
			keys = append(keys, v)
		}
	}
	rep, err := replicate.Restore(ctx, t, x.DataDir(), keys)
	if err != nil {
		return err
	}
	if rep.BucketKeys {
		x.Done("restore.bucket_keys")
	}
	x.Done("restore.bucket_done", t.String(), x.DataDir(), rep.Checkpoint.Size, rep.Checkpoint.Origin, rep.Files, human.Bytes(rep.Bytes))
	return nil
}
