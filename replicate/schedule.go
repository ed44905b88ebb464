package replicate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"evidock/safekeeping"
	"evidock/store"
)

// CredentialsFile holds the bucket's credentials in the data folder's key
// folder (readable by its owner only), for the scheduled runs of `watch`
// and the window, which have no environment of their own.
const CredentialsFile = "s3-credentials"

// Credentials returns the access and secret key: AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY from getenv when set, else the credentials file of
// data folder dataDir.
func Credentials(dataDir string, getenv func(string) string) (access, secret string, err error) {
	if a, s := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY"); a != "" && s != "" {
		return a, s, nil
	}
	f, err := os.Open(filepath.Join(dataDir, store.KeysDir, CredentialsFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", "", fmt.Errorf("replicate: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: %w", ErrTarget)
	}
	if err != nil {
		return "", "", fmt.Errorf("replicate: credentials: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var lines []string
	for sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	if len(lines) < 2 || lines[0] == "" || lines[1] == "" {
		return "", "", fmt.Errorf("replicate: %s: want the access key and the secret key on two lines: %w", CredentialsFile, ErrTarget)
	}
	return lines[0], lines[1], nil
}

// SaveCredentials keeps the credentials in the data folder for scheduled
// runs, readable by their owner only.
func SaveCredentials(dataDir, access, secret string) error {
	dir := filepath.Join(dataDir, store.KeysDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("replicate: save credentials: %w", err)
	}
	tmp := filepath.Join(dir, CredentialsFile+".new")
	os.Remove(tmp)
	if err := os.WriteFile(tmp, []byte(access+"\n"+secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("replicate: save credentials: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, CredentialsFile)); err != nil {
		return fmt.Errorf("replicate: save credentials: %w", err)
	}
	return nil
}

// TargetOf is the target a stored schedule names, with credentials from
// getenv or the data folder.
func TargetOf(st *store.Store, rt safekeeping.ReplicationTarget, getenv func(string) string) (Target, error) {
	t := Target{Endpoint: rt.Endpoint, Bucket: rt.Bucket, Region: rt.Region, Prefix: rt.Prefix}
	var err error
	t.AccessKey, t.SecretKey, err = Credentials(st.Dir(), getenv)
	return t, err
}

// Scheduled replicates to the bucket set with SetReplicationTarget when a
// run is due; `watch` and the window call it from their maintenance loop.
// ran is false when no bucket is set or no run is due.
func Scheduled(ctx context.Context, sess *store.Session, getenv func(string) string, opts Options) (ran bool, rep Report, err error) {
	rt, err := safekeeping.CurrentReplicationTarget(ctx, sess.Store())
	if errors.Is(err, safekeeping.ErrNoReplicationTarget) {
		return false, rep, nil
	}
	if err != nil || sess.Store().Now().Before(rt.Next) {
		return false, rep, err
	}
	t, err := TargetOf(sess.Store(), rt, getenv)
	if err != nil {
		return true, rep, err
	}
	if opts.Limit == 0 {
		opts.Limit = rt.Limit
	}
	rep, err = Run(ctx, sess, t, opts)
	return true, rep, err
}
