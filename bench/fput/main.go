// Command fput is the baseline of bench/replicate.sh: a bare minio-go
// FPutObject loop over files, one after the other, to a bucket, with the
// client set up as evidock's (path-style, same options). It prints the
// bytes sent and the seconds it took.
//
//	fput -endpoint http://127.0.0.1:PORT -bucket NAME FILE...
//
// Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

func main() {
	endpoint := flag.String("endpoint", "", "http://host:port")
	bucket := flag.String("bucket", "", "the bucket (made if missing)")
	flag.Parse()
	if err := run(*endpoint, *bucket, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "fput:", err)
		os.Exit(1)
	}
}

func run(endpoint, bucket string, files []string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || bucket == "" {
		return fmt.Errorf("give -endpoint http://host:port and -bucket NAME")
	}
	c, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), ""),
		Secure:       u.Scheme == "https",
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return err
	}
	ctx := context.Background()
	if ok, err := c.BucketExists(ctx, bucket); err != nil {
		return err
	} else if !ok {
		if err := c.MakeBucket(ctx, bucket, minio.MakeBucketOptions{ObjectLocking: true}); err != nil {
			return err
		}
	}
	start := time.Now()
	var total int64
	for _, f := range files {
		info, err := c.FPutObject(ctx, bucket, "bare/"+filepath.Base(f), f, minio.PutObjectOptions{})
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		total += info.Size
	}
	fmt.Printf("%d %.3f\n", total, time.Since(start).Seconds())
	return nil
}
