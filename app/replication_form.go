package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/replicate"
	"evidock/safekeeping"
	"evidock/store"
)

// replicaForm is where an administrator sets the replica bucket and how
// often the window and watch replicate to it (issue 17: a schedule set in
// settings). The core checks and records the change (replicate.configure);
// the keys go to the data folder's private keys folder, as the command
// line's replicate --set-target puts them.
type replicaForm struct {
	ui                                      *Shell
	endpoint, bucket, prefix, region        *widget.Entry
	accessKey, secretKey, everyHours, limit *widget.Entry
	save                                    *reasonButton
	msg                                     *widget.Label
	saved                                   func() // after a change, e.g. the lag shown anew
}

func newReplicaForm(ui *Shell, saved func()) (*replicaForm, fyne.CanvasObject) {
	f := &replicaForm{ui: ui, endpoint: widget.NewEntry(), bucket: widget.NewEntry(), prefix: widget.NewEntry(),
		region: widget.NewEntry(), accessKey: widget.NewEntry(), secretKey: widget.NewPasswordEntry(),
		everyHours: widget.NewEntry(), limit: widget.NewEntry(), msg: wrapLabel(""), saved: saved}
	f.endpoint.SetPlaceHolder("https://s3.example.gov.cn")
	f.everyHours.SetText("24")
	f.limit.SetText("0")
	f.save = ui.actionButton(T("rp.save"), store.ActReplicateConfigure, f.Save)
	form := widget.NewForm(
		widget.NewFormItem(T("rp.endpoint"), f.endpoint),
		widget.NewFormItem(T("rp.bucket"), f.bucket),
		widget.NewFormItem(T("rp.prefix"), f.prefix),
		widget.NewFormItem(T("rp.region"), f.region),
		widget.NewFormItem(T("rp.access_key"), f.accessKey),
		widget.NewFormItem(T("rp.secret_key"), f.secretKey),
		widget.NewFormItem(T("rp.every_hours"), f.everyHours),
		widget.NewFormItem(T("rp.limit_mbps"), f.limit),
	)
	return f, container.NewVBox(boldLabel(T("rp.form_title")), form, container.NewHBox(f.save), f.msg)
}

// Load shows the bucket and schedule set now, if any.
func (f *replicaForm) Load() {
	var rt safekeeping.ReplicationTarget
	f.ui.background(func(ctx context.Context) error {
		var err error
		rt, err = safekeeping.CurrentReplicationTarget(ctx, f.ui.Store())
		if errors.Is(err, safekeeping.ErrNoReplicationTarget) {
			return nil
		}
		return err
	}, func(err error) {
		if err != nil {
			f.msg.SetText(ErrorText(err))
			return
		}
		if rt.Endpoint == "" {
			return
		}
		f.endpoint.SetText(rt.Endpoint)
		f.bucket.SetText(rt.Bucket)
		f.prefix.SetText(rt.Prefix)
		f.region.SetText(rt.Region)
		f.everyHours.SetText(strconv.FormatFloat(rt.Every.Hours(), 'f', -1, 64))
		f.limit.SetText(strconv.FormatFloat(float64(rt.Limit)/1e6, 'f', -1, 64))
	})
}

// Save sets the bucket and schedule through the core.
func (f *replicaForm) Save() {
	hours, err1 := strconv.ParseFloat(strings.TrimSpace(f.everyHours.Text), 64)
	mbps, err2 := strconv.ParseFloat(strings.TrimSpace(f.limit.Text), 64)
	switch {
	case strings.TrimSpace(f.endpoint.Text) == "" || strings.TrimSpace(f.bucket.Text) == "":
		f.msg.SetText(T("rp.need_bucket"))
		return
	case err1 != nil || hours <= 0 || err2 != nil || mbps < 0:
		f.msg.SetText(T("rp.need_numbers"))
		return
	case f.accessKey.Text == "" || f.secretKey.Text == "":
		f.msg.SetText(T("rp.need_keys"))
		return
	}
	rt := safekeeping.ReplicationTarget{Endpoint: strings.TrimSpace(f.endpoint.Text), Bucket: strings.TrimSpace(f.bucket.Text),
		Region: strings.TrimSpace(f.region.Text), Prefix: strings.TrimSpace(f.prefix.Text),
		Every: time.Duration(hours * float64(time.Hour)), Limit: int64(mbps * 1e6)}
	access, secret := f.accessKey.Text, f.secretKey.Text
	sess := f.ui.Session()
	f.ui.background(func(ctx context.Context) error {
		if sess == nil {
			return errLoginFirst
		}
		if err := safekeeping.SetReplicationTarget(ctx, sess, rt); err != nil {
			return err
		}
		return replicate.SaveCredentials(f.ui.Store().Dir(), access, secret)
	}, func(err error) {
		if err != nil {
			f.msg.SetText(ErrorText(err))
			return
		}
		f.secretKey.SetText("")
		f.msg.SetText(T("rp.saved", M{"Target": rt.Endpoint + "/" + rt.Bucket, "Hours": hours}))
		if f.saved != nil {
			f.saved()
		}
	})
}
