package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"evidock/app/i18n"
	"evidock/app/shell"
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
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("st.tab"))
	sv := ui.storage
	pump(t, ui, func() bool { return strings.Contains(sv.Replica.Lag.Text, "尚未成功复制过") })
	test.Tap(findButton(t, ui, i18n.T("rp.run")))
	pump(t, ui, func() bool { return strings.Contains(sv.Replica.Status.Text, "复制完成：1 个新文件") })
	pump(t, ui, func() bool { return strings.Contains(sv.Replica.Lag.Text, "上次成功") })
	lag, err := safekeeping.CurrentReplicationLag(ctx, st)
	if err != nil || lag.Last.IsZero() || lag.Entries > 3 {
		t.Errorf("lag after the run: %+v %v", lag, err)
	}
}

// An administrator sets the replica bucket and its schedule in the window;
// the core records it (replicate.configure) and the keys are kept where
// the command line keeps them. For a custodian the form's button is
// disabled, with the reason the core gives.
func TestReplicaScheduleSetInTheWindow(t *testing.T) {
	ui, st := newTestUI(t)
	ctx := context.Background()
	login(t, ui)
	admin := ui.Session()
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("st.tab"))
	f := ui.storage.Replica.Form
	f.Endpoint.SetText("http://127.0.0.1:9000")
	f.Bucket.SetText("bureau")
	f.AccessKey.SetText("AK")
	f.SecretKey.SetText("SK")
	f.EveryHours.SetText("6")
	f.Limit.SetText("2.5")
	test.Tap(findButton(t, ui, i18n.T("rp.save")))
	pump(t, ui, func() bool { return strings.Contains(f.Msg.Text, "已保存") })
	rt, err := safekeeping.CurrentReplicationTarget(ctx, st)
	if err != nil || rt.Bucket != "bureau" || rt.Every != 6*time.Hour || rt.Limit != 2_500_000 {
		t.Fatalf("target after saving: %+v %v", rt, err)
	}
	if a, s, err := replicate.Credentials(st.Dir(), func(string) string { return "" }); err != nil || a != "AK" || s != "SK" {
		t.Errorf("keys kept: %q %q %v", a, s, err)
	}
	if f.SecretKey.Text != "" {
		t.Error("the secret key stays on screen after saving")
	}

	ui.SetSession(addUser(t, admin, "keeper2", "", store.RoleCustodian))
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("st.tab"))
	var save *shell.ReasonButton
	for _, o := range objects(ui) {
		if b, ok := o.(*shell.ReasonButton); ok && b.Text == i18n.T("rp.save") && b.Visible() {
			save = b
		}
	}
	if save == nil || !save.Disabled() {
		t.Fatalf("a custodian's replication settings button: %+v", save)
	}
	if why := ui.Session().WhyNot(store.ActReplicateConfigure); why == nil {
		t.Error("the core lets a custodian configure replication")
	}
}
