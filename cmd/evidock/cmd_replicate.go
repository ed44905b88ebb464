package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"evidock/checkpoint"
	"evidock/internal/human"
	"evidock/replicate"
	"evidock/store"
)

func init() {
	register(command{name: "replicate",
		usage: "replicate --endpoint URL --bucket NAME [--region R] [--prefix P] [--limit-mbps N] [--json] | replicate --set-target --endpoint URL --bucket NAME [--every-hours N] | replicate --status [--json]",
		help:  "copy the archive (Object Lock COMPLIANCE) and the ledger (C2SP tiles, signed checkpoint) to an S3 bucket", run: (*Main).replicateCmd})
}

// bucketFlags are the flags that name a bucket.
type bucketFlags struct {
	endpoint, bucket, region, prefix *string
}

func (m *Main) bucketFlags(fs *flag.FlagSet) bucketFlags {
	return bucketFlags{
		endpoint: fs.String("endpoint", "", "the S3 endpoint: http://host:port (no TLS, a lab) or https://host"),
		bucket:   fs.String("bucket", "", "the bucket (with Object Lock)"),
		region:   fs.String("region", "", "the bucket's region, if the server wants one"),
		prefix:   fs.String("prefix", "", "a folder in the bucket for this workstation, when several share it"),
	}
}

func (b bucketFlags) given() bool { return *b.endpoint != "" || *b.bucket != "" }

// target is the bucket the flags name, with credentials from the
// environment or the data folder.
func (m *Main) target(b bucketFlags) (replicate.Target, error) {
	if *b.endpoint == "" || *b.bucket == "" {
		return replicate.Target{}, usageError{"give both --endpoint URL and --bucket NAME"}
	}
	t := replicate.Target{Endpoint: *b.endpoint, Bucket: *b.bucket, Region: *b.region, Prefix: *b.prefix}
	var err error
	t.AccessKey, t.SecretKey, err = replicate.Credentials(m.dataDir, m.Getenv)
	if err != nil {
		return t, usageError{err.Error()}
	}
	return t, nil
}

func (m *Main) replicateCmd(ctx context.Context, args []string) int {
	fs := m.flags("replicate")
	b := m.bucketFlags(fs)
	limit := fs.Float64("limit-mbps", 0, "send at most this many MB (10^6 bytes) a second; 0: no limit")
	asJSON := fs.Bool("json", false, "print the run's report (or the status) as JSON")
	setTarget := fs.Bool("set-target", false, "set the scheduled replication's bucket (administrator); watch and the window run it")
	every := fs.Float64("every-hours", 1, "with --set-target: hours between scheduled runs")
	status := fs.Bool("status", false, "show the scheduled bucket and how far it is behind")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || *setTarget && *status || !*status && !b.given() {
		fs.Usage()
		return exitUsage
	}
	if *status {
		return m.replicationStatus(ctx, *asJSON)
	}
	t, err := m.target(b)
	if err != nil {
		return m.fail(err)
	}
	if *setTarget {
		if m.user == "" {
			return m.fail(usageError{"setting the bucket needs an administrator: give --user NAME"})
		}
		return m.with(ctx, userOnly, func(sess *store.Session) error {
			rt := store.ReplicationTarget{Endpoint: t.Endpoint, Bucket: t.Bucket, Region: t.Region, Prefix: t.Prefix,
				Every: time.Duration(*every * float64(time.Hour)), Limit: int64(*limit * 1e6)}
			if err := sess.SetReplicationTarget(ctx, rt); err != nil {
				return err
			}
			if err := replicate.SaveCredentials(m.dataDir, t.AccessKey, t.SecretKey); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "scheduled replication to %s every %g hours (credentials kept in the data folder's keys, owner only)\n", t, *every)
			return nil
		})
	}
	return m.unattended(ctx, func(sess *store.Session) error {
		opts := replicate.Options{Limit: int64(*limit * 1e6)}
		if !*asJSON && isTerminal(m.Stderr) {
			var last time.Time
			opts.Progress = func(p replicate.Progress) {
				if time.Since(last) < 200*time.Millisecond && p.Phase == "archive" {
					return
				}
				last = time.Now()
				fmt.Fprintf(m.Stderr, "\r%s: %d/%d files, %s of %s, %s/s   ", p.Phase, p.Files, p.FilesTotal,
					human.Bytes(p.Bytes), human.Bytes(p.BytesTotal), human.Bytes(int64(p.Rate)))
			}
		}
		rep, err := replicate.Run(ctx, sess, t, opts)
		if opts.Progress != nil {
			fmt.Fprintln(m.Stderr)
		}
		if err != nil {
			if errors.Is(err, replicate.ErrTarget) || errors.Is(err, store.ErrReplicationBusy) {
				return usageError{err.Error()} // refused: exit 2
			}
			if errors.Is(err, checkpoint.ErrRollback) || errors.Is(err, checkpoint.ErrFork) {
				fmt.Fprintln(m.Stdout, "evidock:", err)
				return errProblems
			}
			return err
		}
		if *asJSON {
			m.printJSON(rep)
		} else {
			for _, p := range rep.Problems {
				fmt.Fprintln(m.Stdout, p)
			}
			rate := float64(rep.Bytes) / max(rep.Seconds, 1e-3)
			fmt.Fprintf(m.Stdout, "replicated to %s: %d recordings (%d sent, %s at %s/s; %d there already, %d locks extended, legal hold %d on, %d off), %d ledger tiles, checkpoint of %d entries\n",
				rep.Target, rep.Objects, rep.Uploaded, human.Bytes(rep.Bytes), human.Bytes(int64(rate)), rep.Present, rep.Extended,
				rep.HoldOn, rep.HoldOff, rep.Tiles, rep.Checkpoint)
		}
		if !rep.OK {
			return errProblems
		}
		return nil
	})
}

func (m *Main) replicationStatus(ctx context.Context, asJSON bool) int {
	st, err := m.open()
	if err != nil {
		return m.fail(err)
	}
	defer st.Close()
	lag, err := st.ReplicationLag(ctx)
	if err != nil {
		return m.fail(err)
	}
	rt, _ := st.ReplicationTarget(ctx)
	if asJSON {
		m.printJSON(map[string]any{"target": rt, "lag": lag})
		return exitOK
	}
	if lag.Target == "" {
		fmt.Fprintln(m.Stdout, "no replication bucket is set (replicate --set-target)")
		return exitOK
	}
	last := "never"
	if !lag.Last.IsZero() {
		last = lag.Last.Local().Format(time.DateTime) + fmt.Sprintf(" (%s ago)", time.Duration(lag.Behind)*time.Millisecond/time.Second*time.Second)
	}
	fmt.Fprintf(m.Stdout, "replication to %s every %g hours: last success %s, %d ledger entries behind\n", lag.Target, rt.Every.Hours(), last, lag.Entries)
	if lag.LastFail != "" {
		fmt.Fprintln(m.Stdout, "since then it failed:", lag.LastFail)
	}
	return exitOK
}

// verifyBucket is `verify --endpoint URL --bucket NAME`.
func (m *Main) verifyBucket(ctx context.Context, b bucketFlags, quick, asJSON bool) int {
	t, err := m.target(b)
	if err != nil {
		return m.fail(err)
	}
	return m.with(ctx, workstationAlways, func(sess *store.Session) error {
		opts := replicate.VerifyOptions{Quick: quick}
		if !asJSON && isTerminal(m.Stderr) {
			opts.Progress = func(done, total int) { fmt.Fprintf(m.Stderr, "\rchecking %d/%d   ", done, total) }
		}
		rep, err := replicate.Verify(ctx, sess, t, opts)
		if opts.Progress != nil {
			fmt.Fprintln(m.Stderr)
		}
		if err != nil {
			if errors.Is(err, replicate.ErrTarget) {
				return usageError{err.Error()}
			}
			return err
		}
		if asJSON {
			m.printJSON(rep)
		} else {
			for _, p := range rep.Problems {
				fmt.Fprintln(m.Stdout, p)
			}
			if rep.OK {
				fmt.Fprintf(m.Stdout, "bucket intact: %d recordings (%s read back), %d ledger tiles, checkpoint of %d entries in this ledger\n",
					rep.Objects, human.Bytes(rep.Bytes), rep.Tiles, rep.Checkpoint)
			} else {
				fmt.Fprintf(m.Stdout, "%d problems in %s\n", len(rep.Problems), rep.Target)
			}
		}
		if !rep.OK {
			return errProblems
		}
		return nil
	})
}

// restoreBucket is `restore --endpoint URL --bucket NAME [--verifier KEY]…`.
func (m *Main) restoreBucket(ctx context.Context, b bucketFlags, verifiers []string) int {
	t, err := m.target(b)
	if err != nil {
		return m.fail(err)
	}
	var keys []string
	for _, v := range verifiers {
		if data, err := os.ReadFile(v); err == nil { // a file of keys, one a line
			keys = append(keys, strings.Fields(string(data))...)
		} else {
			keys = append(keys, v)
		}
	}
	rep, err := replicate.Restore(ctx, t, m.dataDir, keys)
	if err != nil {
		return m.fail(err)
	}
	if rep.BucketKeys {
		fmt.Fprintln(m.Stdout, "note: checked with the verifier keys kept in the bucket itself; give --verifier with the keys the bureau keeps to rule out a replaced bucket")
	}
	fmt.Fprintf(m.Stdout, "restored %s into %s: %d ledger entries (checkpoint of %s verified), %d recordings (%s); new checkpoint keys were made: give `evidock checkpoint --verifier` to the verifiers; run `evidock verify` to check it\n",
		t, m.dataDir, rep.Checkpoint.Size, rep.Checkpoint.Origin, rep.Files, human.Bytes(rep.Bytes))
	return exitOK
}
