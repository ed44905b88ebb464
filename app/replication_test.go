package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"evidock/internal/s3test"
	"evidock/replicate"
	"evidock/safekeeping"
	"evidock/store"
)

// The storage screen shows how far the replica bucket is behind, and a
// custodian replicates now from it against a real S3 server.
func TestReplicaPanel(t *testing.T) {
	srv := s3test.Start(t)
	ui, st := newTestUI(t)
	ctx := context.Background()
	importAt(t, st, time.Now(), "a recording for the bucket", "R.MP4")
	login(t, ui)
	admin := ui.Session()
	if err := safekeeping.SetReplicationTarget(ctx, admin, safekeeping.ReplicationTarget{Endpoint: srv.Endpoint, Bucket: "bureau"}); err != nil {
		t.Fatal(err)
	}
	if err := replicate.SaveCredentials(st.Dir(), s3test.AccessKey, s3test.SecretKey); err != nil {
		t.Fatal(err)
	}
	ui.SetSession(addUser(t, admin, "keeper", "", store.RoleCustodian))
	openArea(t, ui, T("kp.tab"), T("st.tab"))
	sv := ui.storage
	pump(t, ui, func() bool { return strings.Contains(sv.replica.lag.Text, "尚未成功复制过") })
	test.Tap(findButton(t, ui, T("rp.run")))
	pump(t, ui, func() bool { return strings.Contains(sv.replica.status.Text, "复制完成：1 个新文件") })
	pump(t, ui, func() bool { return strings.Contains(sv.replica.lag.Text, "上次成功") })
	lag, err := safekeeping.CurrentReplicationLag(ctx, st)
	if err != nil || lag.Last.IsZero() || lag.Entries > 3 {
		t.Errorf("lag after the run: %+v %v", lag, err)
	}
}
