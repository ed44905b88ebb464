package maintain

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
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
	ui                                      *shell.Shell
	Endpoint, Bucket, prefix, region        *widget.Entry
	AccessKey, SecretKey, EveryHours, Limit *widget.Entry
	save                                    *shell.ReasonButton
	Msg                                     *widget.Label
	saved                                   func() // after a change, e.g. the lag shown anew
}

func newReplicaForm(ui *shell.Shell, saved func()) (*replicaForm, fyne.CanvasObject) {
	f := &replicaForm{ui: ui, Endpoint: widget.NewEntry(), Bucket: widget.NewEntry(), prefix: widget.NewEntry(),
		region: widget.NewEntry(), AccessKey: widget.NewEntry(), SecretKey: widget.NewPasswordEntry(),
		EveryHours: widget.NewEntry(), Limit: widget.NewEntry(), Msg: shell.WrapLabel(""), saved: saved}
	f.Endpoint.SetPlaceHolder("https://s3.example.gov.cn")
	f.EveryHours.SetText("24")
	f.Limit.SetText("0")
	f.save = ui.ActionButton(i18n.T("rp.save"), store.ActReplicateConfigure, f.Save)
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("rp.endpoint"), f.Endpoint),
		widget.NewFormItem(i18n.T("rp.bucket"), f.Bucket),
		widget.NewFormItem(i18n.T("rp.prefix"), f.prefix),
		widget.NewFormItem(i18n.T("rp.region"), f.region),
		widget.NewFormItem(i18n.T("rp.access_key"), f.AccessKey),
		widget.NewFormItem(i18n.T("rp.secret_key"), f.SecretKey),
		widget.NewFormItem(i18n.T("rp.every_hours"), f.EveryHours),
		widget.NewFormItem(i18n.T("rp.limit_mbps"), f.Limit),
	)
	return f, container.NewVBox(shell.BoldLabel(i18n.T("rp.form_title")), form, container.NewHBox(f.save), f.Msg)
}

// Load shows the bucket and schedule set now, if any.
func (f *replicaForm) Load() {
	var rt safekeeping.ReplicationTarget
	f.ui.Background(func(ctx context.Context) error {
		var err error
		rt, err = safekeeping.CurrentReplicationTarget(ctx, f.ui.Store())
		if errors.Is(err, safekeeping.ErrNoReplicationTarget) {
			return nil
		}
		return err
	}, func(err error) {
		if err != nil {
			f.Msg.SetText(i18n.ErrorText(err))
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
		f.Msg.SetText(i18n.T("rp.need_bucket"))
		return
	case err1 != nil || hours <= 0 || err2 != nil || mbps < 0:
		f.Msg.SetText(i18n.T("rp.need_numbers"))
		return
	case f.AccessKey.Text == "" || f.SecretKey.Text == "":
		f.Msg.SetText(i18n.T("rp.need_keys"))
		return
	}
	rt := safekeeping.ReplicationTarget{Endpoint: strings.TrimSpace(f.Endpoint.Text), Bucket: strings.TrimSpace(f.Bucket.Text),
		Region: strings.TrimSpace(f.region.Text), Prefix: strings.TrimSpace(f.prefix.Text),
		Every: time.Duration(hours * float64(time.Hour)), Limit: int64(mbps * 1e6)}
	access, secret := f.AccessKey.Text, f.SecretKey.Text
	sess := f.ui.Session()
	f.ui.Background(func(ctx context.Context) error {
		if sess == nil {
			return i18n.ErrLoginFirst
		}
		if err := safekeeping.SetReplicationTarget(ctx, sess, rt); err != nil {
			return err
		}
		return replicate.SaveCredentials(f.ui.Store().Dir(), access, secret)
	}, func(err error) {
		if err != nil {
			f.Msg.SetText(i18n.ErrorText(err))
			return
		}
		f.SecretKey.SetText("")
		f.Msg.SetText(i18n.T("rp.saved", i18n.M{"Target": rt.Endpoint + "/" + rt.Bucket, "Hours": hours}))
		if f.saved != nil {
			f.saved()
		}
	})
}
