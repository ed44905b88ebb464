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
	Endpoint, Bucket, prefix, region        *widget.Entry
	AccessKey, SecretKey, EveryHours, Limit *widget.Entry
	save                                    *reasonButton
	Msg                                     *widget.Label
	saved                                   func() // after a change, e.g. the lag shown anew
}

func newReplicaForm(ui *Shell, saved func()) (*replicaForm, fyne.CanvasObject) {
	f := &replicaForm{ui: ui, Endpoint: widget.NewEntry(), Bucket: widget.NewEntry(), prefix: widget.NewEntry(),
		region: widget.NewEntry(), AccessKey: widget.NewEntry(), SecretKey: widget.NewPasswordEntry(),
		EveryHours: widget.NewEntry(), Limit: widget.NewEntry(), Msg: wrapLabel(""), saved: saved}
	f.Endpoint.SetPlaceHolder("https://s3.example.gov.cn")
	f.EveryHours.SetText("24")
	f.Limit.SetText("0")
	f.save = ui.actionButton(T("rp.save"), store.ActReplicateConfigure, f.Save)
	form := widget.NewForm(
		widget.NewFormItem(T("rp.endpoint"), f.Endpoint),
		widget.NewFormItem(T("rp.bucket"), f.Bucket),
		widget.NewFormItem(T("rp.prefix"), f.prefix),
		widget.NewFormItem(T("rp.region"), f.region),
		widget.NewFormItem(T("rp.access_key"), f.AccessKey),
		widget.NewFormItem(T("rp.secret_key"), f.SecretKey),
		widget.NewFormItem(T("rp.every_hours"), f.EveryHours),
		widget.NewFormItem(T("rp.limit_mbps"), f.Limit),
	)
	return f, container.NewVBox(boldLabel(T("rp.form_title")), form, container.NewHBox(f.save), f.Msg)
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
			f.Msg.SetText(ErrorText(err))
			return
		}
		if rt.Endpoint == "" {
			return
		}
		f.Endpoint.SetText(rt.Endpoint)
		f.Bucket.SetText(rt.Bucket)
		f.prefix.SetText(rt.Prefix)
		f.region.SetText(rt.Region)
		f.EveryHours.SetText(strconv.FormatFloat(rt.Every.Hours(), 'f', -1, 64))
		f.Limit.SetText(strconv.FormatFloat(float64(rt.Limit)/1e6, 'f', -1, 64))
	})
}

// Save sets the bucket and schedule through the core.
func (f *replicaForm) Save() {
	hours, err1 := strconv.ParseFloat(strings.TrimSpace(f.EveryHours.Text), 64)
	mbps, err2 := strconv.ParseFloat(strings.TrimSpace(f.Limit.Text), 64)
	switch {
	case strings.TrimSpace(f.Endpoint.Text) == "" || strings.TrimSpace(f.Bucket.Text) == "":
		f.Msg.SetText(T("rp.need_bucket"))
		return
	case err1 != nil || hours <= 0 || err2 != nil || mbps < 0:
		f.Msg.SetText(T("rp.need_numbers"))
		return
	case f.AccessKey.Text == "" || f.SecretKey.Text == "":
		f.Msg.SetText(T("rp.need_keys"))
		return
	}
	rt := safekeeping.ReplicationTarget{Endpoint: strings.TrimSpace(f.Endpoint.Text), Bucket: strings.TrimSpace(f.Bucket.Text),
		Region: strings.TrimSpace(f.region.Text), Prefix: strings.TrimSpace(f.prefix.Text),
		Every: time.Duration(hours * float64(time.Hour)), Limit: int64(mbps * 1e6)}
	access, secret := f.AccessKey.Text, f.SecretKey.Text
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
			f.Msg.SetText(ErrorText(err))
			return
		}
		f.SecretKey.SetText("")
		f.Msg.SetText(T("rp.saved", M{"Target": rt.Endpoint + "/" + rt.Bucket, "Hours": hours}))
		if f.saved != nil {
			f.saved()
		}
	})
}
