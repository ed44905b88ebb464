// Package replicate keeps a second copy of the workstation in an
// S3-compatible bucket with Object Lock (Art. 14 on WORM storage): every
// archived recording as a COMPLIANCE-locked object that no workstation can
// delete before its retention date, and the ledger as a C2SP tlog-tiles log
// with its signed checkpoint, which anyone holding the verifier keys can
// audit from the bucket alone.
//
// Bucket layout, below an optional prefix:
//
//	archive/sha256/<hex>            a recording's bytes; COMPLIANCE lock until
//	                                max(its retention date, now + 1 day);
//	                                legal hold ON while a case holds it
//	ledger/checkpoint               the latest signed checkpoint (package checkpoint)
//	ledger/tile/<L>/<N>[.p/<W>]     C2SP tlog-tiles hash tiles
//	ledger/tile/entries/<N>[.p/<W>] entry bundles: the ledger's leaf bytes
//	workstation/ledger.db           a snapshot of the database at the checkpoint
//	workstation/verifiers           the verifier keys, for reference
//
// Runs are idempotent and resumable: an object that is there is not sent
// again (each archive key keeps one version); only the checkpoint, the last
// partial tiles and the snapshot change from one run to the next.
package replicate

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Keys in the bucket, below the target's prefix.
const (
	ArchivePrefix = "archive/sha256/"
	LedgerPrefix  = "ledger/"
	CheckpointKey = "ledger/checkpoint"
	SnapshotKey   = "workstation/ledger.db"
	VerifiersKey  = "workstation/verifiers"
)

// Target is a bucket to replicate to.
type Target struct {
	Endpoint string // http://host:port (no TLS, for a lab) or https://host
	Bucket   string
	Region   string
	// Prefix goes before every key, so that several workstations can share
	// a bucket ("ws01/"); "" puts the layout at the bucket's root.
	Prefix string
	// AccessKey and SecretKey are the credentials
	// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
	AccessKey, SecretKey string
}

// ErrTarget means the target is not usable as given: a bad endpoint, no
// credentials, or a bucket without Object Lock.
var ErrTarget = errors.New("replication target unusable")

// String names the target as endpoint/bucket/prefix.
func (t Target) String() string {
	return strings.TrimSuffix(t.Endpoint, "/") + "/" + t.Bucket + "/" + t.prefix()
}

func (t Target) prefix() string {
	p := strings.Trim(t.Prefix, "/")
	if p == "" {
		return ""
	}
	return p + "/"
}

// key is name below the target's prefix.
func (t Target) key(name string) string { return t.prefix() + name }

// client connects to the endpoint with path-style requests, which MinIO,
// Ceph RGW, versitygw and AWS all accept.
func (t Target) client() (*minio.Client, error) {
	u, err := url.Parse(t.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("replicate: endpoint %q: give http://host:port or https://host: %w", t.Endpoint, ErrTarget)
	}
	if t.Bucket == "" {
		return nil, fmt.Errorf("replicate: no bucket: %w", ErrTarget)
	}
	if t.AccessKey == "" || t.SecretKey == "" {
		return nil, fmt.Errorf("replicate: no credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): %w", ErrTarget)
	}
	c, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(t.AccessKey, t.SecretKey, ""),
		Secure:       u.Scheme == "https",
		Region:       t.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("replicate: %s: %w", t.Endpoint, err)
	}
	return c, nil
}

// lockState is an object's lock as its HEAD response headers give it
// (versitygw's GET ?retention reply is not one minio-go can parse; the
// headers are right on every server).
type lockState struct {
	Mode      string    // COMPLIANCE, GOVERNANCE or ""
	Until     time.Time // zero: none
	LegalHold bool
}

func lockOf(oi minio.ObjectInfo) lockState {
	var l lockState
	l.Mode = strings.ToUpper(oi.Metadata.Get("X-Amz-Object-Lock-Mode"))
	if v := oi.Metadata.Get("X-Amz-Object-Lock-Retain-Until-Date"); v != "" {
		l.Until, _ = time.Parse(time.RFC3339Nano, v)
	}
	l.LegalHold = strings.EqualFold(oi.Metadata.Get("X-Amz-Object-Lock-Legal-Hold"), "ON")
	return l
}

// notFound reports whether err is S3's answer for a key or bucket that is
// not there.
func notFound(err error) bool {
	code := minio.ToErrorResponse(err).Code
	return code == "NoSuchKey" || code == "NoSuchVersion" || code == "NotFound" || code == "NoSuchBucket"
}

// checkBucket makes sure the bucket is there with Object Lock on, creating
// it (with Object Lock) when it is missing.
func checkBucket(ctx context.Context, c *minio.Client, t Target) (created bool, err error) {
	ok, err := c.BucketExists(ctx, t.Bucket)
	if err != nil {
		return false, fmt.Errorf("replicate: bucket %s at %s: %w", t.Bucket, t.Endpoint, err)
	}
	if !ok {
		if err := c.MakeBucket(ctx, t.Bucket, minio.MakeBucketOptions{Region: t.Region, ObjectLocking: true}); err != nil {
			return false, fmt.Errorf("replicate: create bucket %s with Object Lock: %w", t.Bucket, err)
		}
		created = true
	}
	lock, _, _, _, err := c.GetObjectLockConfig(ctx, t.Bucket)
	if err != nil || lock != "Enabled" {
		return created, fmt.Errorf("replicate: bucket %s does not have Object Lock enabled (%v): create it with Object Lock: %w", t.Bucket, err, ErrTarget)
	}
	return created, nil
}
