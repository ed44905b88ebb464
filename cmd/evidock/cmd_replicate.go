package main

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
	declare(command{name: "replicate", help: "replicate.help", who: workstationUnlessUser, needs: store.ActReplicate, json: jsonObject,
		flags: func(f *cli.Flags) runFunc {
			b := bucketFlags(f)
			limit := f.Float64("limit-mbps", 0, "replicate.limit_mbps")
			setTarget := f.Bool("set-target", false, "replicate.set_target")
			every := f.Float64("every-hours", 1, "replicate.every_hours")
			status := f.Bool("status", false, "replicate.status")
			return func(ctx context.Context, x *call) error {
				if *setTarget && *status || !*status && !b.given() {
					return x.usage()
				}
				if *status {
					return x.replicationStatus(ctx)
				}
				t, err := x.target(b)
				if err != nil {
					return err
				}
				if *setTarget {
					return x.setReplicationTarget(ctx, t, *every, *limit)
				}
				return x.replicate(ctx, t, *limit)
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
func (m *Main) target(b bucket) (replicate.Target, error) {
	if *b.endpoint == "" || *b.bucket == "" {
		return replicate.Target{}, m.usagef("bucket.give_both")
	}
	t := replicate.Target{Endpoint: *b.endpoint, Bucket: *b.bucket, Region: *b.region, Prefix: *b.prefix}
	var err error
	t.AccessKey, t.SecretKey, err = replicate.Credentials(m.dataDir, m.Getenv)
	if err != nil {
		return t, usageError{msg: err.Error()}
	}
	return t, nil
}

func (x *call) setReplicationTarget(ctx context.Context, t replicate.Target, every, limit float64) error {
	if x.user == "" {
		return x.usagef("replicate.needs_admin")
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	rt := safekeeping.ReplicationTarget{Endpoint: t.Endpoint, Bucket: t.Bucket, Region: t.Region, Prefix: t.Prefix,
		Every: time.Duration(every * float64(time.Hour)), Limit: int64(limit * 1e6)}
	if err := safekeeping.SetReplicationTarget(ctx, sess, rt); err != nil {
		return err
	}
	if err := replicate.SaveCredentials(x.dataDir, t.AccessKey, t.SecretKey); err != nil {
		return err
	}
	x.done("replicate.scheduled", t.String(), every)
	return nil
}

func (x *call) replicate(ctx context.Context, t replicate.Target, limit float64) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	opts := replicate.Options{Limit: int64(limit * 1e6)}
	if !x.json && isTerminal(x.Stderr) {
		var last time.Time
		opts.Progress = func(p replicate.Progress) {
			if time.Since(last) < 200*time.Millisecond && p.Phase == "archive" {
				return
			}
			last = time.Now()
			fmt.Fprintf(x.Stderr, "\r%s   ", x.tr("replicate.progress", p.Phase, p.Files, p.FilesTotal,
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
	if x.json {
		x.printJSON(rep)
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(x.Stdout, p)
		}
		rate := float64(rep.Bytes) / max(rep.Seconds, 1e-3)
		fmt.Fprintln(x.Stdout, x.tr("replicate.done", rep.Target, rep.Objects, rep.Uploaded, human.Bytes(rep.Bytes), human.Bytes(int64(rate)),
			rep.Present, rep.Extended, rep.HoldOn, rep.HoldOff, rep.Tiles, rep.Checkpoint))
	}
	if !rep.OK {
		return cli.ErrFailed
	}
	return nil
}

func (x *call) replicationStatus(ctx context.Context) error {
	st, err := x.open()
	if err != nil {
		return err
	}
	lag, err := safekeeping.CurrentReplicationLag(ctx, st)
	if err != nil {
		return err
	}
	rt, _ := safekeeping.CurrentReplicationTarget(ctx, st)
	if x.json {
		x.printJSON(map[string]any{"target": rt, "lag": lag})
		return nil
	}
	if lag.Target == "" {
		fmt.Fprintln(x.Stdout, x.tr("replicate.no_target"))
		return nil
	}
	last := x.tr("replicate.never")
	if !lag.Last.IsZero() {
		last = x.tr("replicate.last", lag.Last.Local().Format(time.DateTime), (time.Duration(lag.Behind) * time.Millisecond / time.Second * time.Second).String())
	}
	fmt.Fprintln(x.Stdout, x.tr("replicate.state", lag.Target, rt.Every.Hours(), last, lag.Entries))
	if lag.LastFail != "" {
		fmt.Fprintln(x.Stdout, x.tr("replicate.failed_since", lag.LastFail))
	}
	return nil
}

// verifyBucket is `verify --endpoint URL --bucket NAME`.
func (x *call) verifyBucket(ctx context.Context, b bucket, quick bool, kernels []digest.Kernel) error {
	t, err := x.target(b)
	if err != nil {
		return err
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	opts := replicate.VerifyOptions{Quick: quick}
	if !x.json && isTerminal(x.Stderr) {
		opts.Progress = func(done, total int) { fmt.Fprintf(x.Stderr, "\r%s   ", x.tr("check.progress", done, total)) }
	}
	rep, err := replicate.Verify(ctx, sess, t, opts)
	if opts.Progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		return err
	}
	if x.json {
		x.printJSON(map[string]any{"report": rep, "kernels": kernels})
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(x.Stdout, p)
		}
		if rep.OK {
			fmt.Fprintln(x.Stdout, x.tr("verify.bucket_intact", rep.Objects, human.Bytes(rep.Bytes), rep.Tiles, rep.Checkpoint))
		} else {
			fmt.Fprintln(x.Stdout, x.tr("verify.bucket_problems", len(rep.Problems), rep.Target))
		}
	}
	if !rep.OK {
		return cli.ErrFailed
	}
	return nil
}

// restoreBucket is `restore --endpoint URL --bucket NAME [--verifier KEY]…`.
func (x *call) restoreBucket(ctx context.Context, b bucket, verifiers []string) error {
	t, err := x.target(b)
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
	rep, err := replicate.Restore(ctx, t, x.dataDir, keys)
	if err != nil {
		return err
	}
	if rep.BucketKeys {
		x.done("restore.bucket_keys")
	}
	x.done("restore.bucket_done", t.String(), x.dataDir, rep.Checkpoint.Size, rep.Checkpoint.Origin, rep.Files, human.Bytes(rep.Bytes))
	return nil
}
