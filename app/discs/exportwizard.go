package discs

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/archive"
	"evidock/export"
	"evidock/records"
	"evidock/store"
)

// ExportWizard is 证据导出, the custodian's evidence export: an approved
// extraction request and its recordings, the written description, the
// medium, folder and burner, then progress and the discs made and checked.
type ExportWizard struct {
	ui                          *shell.Shell
	Root                        fyne.CanvasObject
	Request                     *widget.Select
	Recs                        *widget.Label
	maker, Extractor            *widget.Entry
	when, CaseNo, CaseNm        *widget.Entry
	Content                     *widget.Entry
	Medium                      *widget.Select
	Folder, Device              *widget.Entry
	start, RetryButton, openDir *widget.Button
	CancelButton                *widget.Button
	Bar                         *widget.ProgressBar
	Status                      *widget.Label
	Outcome                     *widget.Label

	reqs    []access.Request
	chosen  access.Request
	Running bool
	stop    context.CancelFunc // cancels the running export
	stopped bool               // the user cancelled it
	failed  int64              // the failed export to retry
	opts    export.Options
	outDir  string
	done    *export.Result // the last complete export
	LastErr error
}

var ExportMedia = []export.Medium{export.CD, export.DVD, export.DVDDL, export.BluRay}

func NewExportWizard(ui *shell.Shell) *ExportWizard {
	v := &ExportWizard{ui: ui, Recs: shell.WrapLabel(i18n.T("exp.pick_first")), Bar: widget.NewProgressBar(),
		Status: shell.WrapLabel(""), Outcome: shell.WrapLabel("")}
	v.Outcome.Selectable = true
	v.Request = shell.NewPicker(nil, v.pick)
	v.Request.PlaceHolder = i18n.T("exp.request_pick")
	reload := widget.NewButton(i18n.T("req.refresh"), v.Load)
	v.maker, v.Extractor, v.when = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.CaseNo, v.CaseNm, v.Content = widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	v.maker.SetText(ui.PersonName(ui.Session().Actor().Name)) // the disc description names people, not logins
	v.Extractor.SetPlaceHolder(i18n.T("exp.extractor_hint"))
	v.when.SetText(time.Now().Format("2006-01-02 15:04"))
	v.when.SetPlaceHolder(i18n.T("exp.when_hint"))
	v.CaseNo.SetPlaceHolder(i18n.T("exp.case_no_hint"))
	v.Content.SetPlaceHolder(i18n.T("exp.content_hint"))
	v.Content.SetMinRowsVisible(3)
	v.Content.Wrapping = fyne.TextWrapWord
	var media []string
	for _, m := range ExportMedia {
		media = append(media, i18n.T("exp.medium_"+strings.ReplaceAll(string(m), "-", "_")))
	}
	v.Medium = shell.NewPicker(media, nil)
	v.Medium.SetSelected(media[1])
	v.Folder, v.Device = widget.NewEntry(), widget.NewEntry()
	v.Folder.SetPlaceHolder(i18n.T("exp.folder_hint"))
	v.Device.SetPlaceHolder(i18n.T("exp.device_hint"))
	browse := widget.NewButton(i18n.T("exp.browse"), v.browse)
	v.start = widget.NewButton(i18n.T("exp.start"), v.Start)
	v.start.Importance = widget.HighImportance
	v.RetryButton = widget.NewButton(i18n.T("exp.retry"), v.Retry)
	v.RetryButton.Hide()
	v.openDir = widget.NewButton(i18n.T("exp.open_folder"), func() { v.open(v.outDir) })
	v.openDir.Hide()
	v.CancelButton = widget.NewButton(i18n.T("progress.cancel"), v.Cancel)
	v.CancelButton.Importance = widget.DangerImportance
	v.CancelButton.Hide()
	v.Bar.Hide()

	step1 := widget.NewCard(i18n.T("exp.step1"), "", container.NewVBox(
		container.NewBorder(nil, nil, nil, reload, v.Request), v.Recs))
	step2 := widget.NewCard(i18n.T("exp.step2"), "", widget.NewForm(
		widget.NewFormItem(i18n.T("exp.case_no"), v.CaseNo), widget.NewFormItem(i18n.T("exp.case_name"), v.CaseNm),
		widget.NewFormItem(i18n.T("exp.maker"), v.maker), widget.NewFormItem(i18n.T("exp.extractor"), v.Extractor),
		widget.NewFormItem(i18n.T("exp.when"), v.when), widget.NewFormItem(i18n.T("exp.content"), v.Content)))
	step3 := widget.NewCard(i18n.T("exp.step3"), "", widget.NewForm(
		widget.NewFormItem(i18n.T("exp.medium"), v.Medium),
		widget.NewFormItem(i18n.T("exp.folder"), container.NewBorder(nil, nil, nil, browse, v.Folder)),
		widget.NewFormItem(i18n.T("exp.device"), v.Device)))
	step4 := widget.NewCard(i18n.T("exp.step4"), "", container.NewVBox(
		container.NewHBox(v.start, v.RetryButton, v.openDir, v.CancelButton), v.Bar, v.Status, v.Outcome))
	left := container.NewVBox(shell.WrapLabel(i18n.T("exp.intro")), step1, step2)
	right := container.NewVBox(step3, step4)
	split := container.NewHSplit(container.NewVScroll(left), container.NewVScroll(right))
	split.Offset = 0.5
	v.Root = split
	v.Load()
	return v
}

// Load reads the approved, unexpired evidence-extraction requests.
func (v *ExportWizard) Load() {
	var all []access.Request
	v.ui.Background(func(ctx context.Context) error {
		var err error
		all, err = access.Requests(ctx, v.ui.SessFor(ctx), access.RequestFilter{Limit: 500})
		return err
	}, func(err error) {
		if err != nil {
			v.Status.SetText(i18n.ViewErrorText(err))
			return
		}
		v.reqs = nil
		var opts []string
		for _, r := range all {
			if r.Status == access.Approved && r.Purpose == access.PurposeExtraction {
				v.reqs = append(v.reqs, r)
				opts = append(opts, v.requestOption(r))
			}
		}
		v.Request.SetOptions(opts)
		if len(opts) == 0 {
			v.Recs.SetText(i18n.T("exp.no_requests"))
		}
	})
}

func (v *ExportWizard) requestOption(r access.Request) string {
	return i18n.T("exp.request_option", i18n.M{"ID": r.ID, "Who": r.Requester, "N": len(r.Recordings), "Until": i18n.When(r.ExpiresAt)})
}

// Requests are the requests the wizard offers.
func (v *ExportWizard) Requests() []access.Request { return v.reqs }

// pick shows the chosen request's recordings.
func (v *ExportWizard) pick(option string) {
	for _, r := range v.reqs {
		if v.requestOption(r) == option {
			v.chosen = r
		}
	}
	r := v.chosen
	var recs []records.Recording
	v.ui.Background(func(ctx context.Context) error {
		var err error
		recs, err = records.Recordings(ctx, v.ui.SessFor(ctx), records.RecordingFilter{IDs: r.Recordings})
		return err
	}, func(err error) {
		if err != nil {
			v.Recs.SetText(i18n.ViewErrorText(err))
			return
		}
		lines := []string{i18n.T("exp.request_info", i18n.M{"Reason": r.Reason, "By": r.DecidedBy})}
		var total int64
		for _, rec := range recs {
			total += rec.Size
			lines = append(lines, i18n.T("exp.rec_line", i18n.M{"Name": rec.OriginalName, "When": i18n.When(rec.RecordedAt),
				"Officer": i18n.OrDash(rec.OfficerID), "Size": i18n.Bytes(rec.Size), "Class": i18n.Classification(rec.Classification)}))
		}
		if len(recs) < len(r.Recordings) {
			lines = append(lines, i18n.T("exp.rec_hidden", i18n.M{"N": len(r.Recordings) - len(recs)}))
		}
		lines = append(lines, i18n.T("exp.rec_total", i18n.M{"N": len(r.Recordings), "Size": i18n.Bytes(total)}))
		v.Recs.SetText(strings.Join(lines, "\n"))
	})
}

func (v *ExportWizard) browse() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err == nil && u != nil {
			v.Folder.SetText(u.Path())
		}
	}, v.ui.Win)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// spec reads the form; msg says what is missing.
func (v *ExportWizard) spec() (spec export.Spec, msg string) {
	if v.chosen.ID == 0 {
		return spec, i18n.T("exp.missing_request")
	}
	d := export.Description{CaseNumber: strings.TrimSpace(v.CaseNo.Text), CaseName: strings.TrimSpace(v.CaseNm.Text),
		Maker: strings.TrimSpace(v.maker.Text), Extractor: strings.TrimSpace(v.Extractor.Text), Content: strings.TrimSpace(v.Content.Text)}
	if d.CaseNumber == "" || d.Maker == "" || d.Extractor == "" {
		return spec, i18n.T("exp.missing_desc")
	}
	if s := strings.TrimSpace(v.when.Text); s != "" {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
		if err != nil {
			return spec, i18n.T("exp.bad_when", i18n.M{"Text": s})
		}
		d.ExtractedAt = t
	}
	parent := strings.TrimSpace(v.Folder.Text)
	if parent == "" {
		return spec, i18n.T("exp.missing_folder")
	}
	var m export.Medium
	for _, x := range ExportMedia {
		if i18n.T("exp.medium_"+strings.ReplaceAll(string(x), "-", "_")) == v.Medium.Selected {
			m = x
		}
	}
	name := fmt.Sprintf("evidence-%d-%s", v.chosen.ID, time.Now().Format("20060102-150405"))
	return export.Spec{Request: v.chosen.ID, Description: d, Medium: m, OutDir: filepath.Join(parent, name),
		Options: export.Options{Device: strings.TrimSpace(v.Device.Text)}}, ""
}

// Start checks the form and runs the export; burning is confirmed first,
// since a burned disc cannot be changed.
func (v *ExportWizard) Start() {
	if v.Running {
		return
	}
	spec, msg := v.spec()
	if msg != "" {
		v.Status.SetText(msg)
		v.Status.Importance = widget.DangerImportance
		v.Status.Refresh()
		return
	}
	if spec.Device == "" {
		v.run(spec.Options, func(ctx context.Context, o export.Options) (export.Result, error) {
			spec.Options = o
			return export.Run(ctx, v.ui.SessFor(ctx), spec)
		}, spec.OutDir)
		return
	}
	v.ui.Confirm(i18n.T("exp.burn_title"), i18n.T("exp.burn_confirm", i18n.M{"Device": spec.Device}), func() {
		v.run(spec.Options, func(ctx context.Context, o export.Options) (export.Result, error) {
			spec.Options = o
			return export.Run(ctx, v.ui.SessFor(ctx), spec)
		}, spec.OutDir)
	})
}

// Retry runs the failed export again as a new attempt.
func (v *ExportWizard) Retry() {
	if v.Running || v.failed == 0 {
		return
	}
	id := v.failed
	v.run(v.opts, func(ctx context.Context, o export.Options) (export.Result, error) {
		return export.Retry(ctx, v.ui.SessFor(ctx), id, o)
	}, v.outDir)
}

// run runs an export attempt off the UI goroutine with progress through
// the bridge.
func (v *ExportWizard) run(opts export.Options, do func(context.Context, export.Options) (export.Result, error), outDir string) {
	v.Running, v.done, v.LastErr, v.outDir, v.opts, v.stopped = true, nil, nil, outDir, opts, false
	v.start.Disable()
	v.CancelButton.Enable()
	v.CancelButton.Show()
	v.RetryButton.Hide()
	v.openDir.Hide()
	v.Bar.SetValue(0)
	v.Bar.Show()
	v.Outcome.SetText("")
	v.Status.Importance = widget.MediumImportance
	v.Status.SetText(i18n.T("exp.starting"))
	opts.Progress = func(p export.Progress) {
		v.ui.Bridge().Redraw("export-progress", func() { v.progress(p) })
	}
	opts.BeforeBurn = v.askForDisc
	var res export.Result
	v.stop = v.ui.Cancellable(func(ctx context.Context) error {
		var err error
		res, err = do(ctx, opts)
		return err
	}, func(err error) {
		v.finished(res, err)
	})
}

// Cancel asks, then cancels the running export: the core removes what it
// wrote and records the export as cancelled; it can be retried.
func (v *ExportWizard) Cancel() {
	if !v.Running || v.stop == nil {
		return
	}
	shell.AskCancel(v.ui, i18n.T("progress.ask_export"), func() {
		if !v.Running {
			return
		}
		v.stopped = true
		v.CancelButton.Disable()
		v.Status.SetText(i18n.T("progress.cancelling"))
		v.stop()
	})
}

func (v *ExportWizard) progress(p export.Progress) {
	if !v.Running {
		return // a late redraw after the end
	}
	// The bar's first half is copying, its second the discs.
	switch p.Phase {
	case export.PhaseCopy:
		v.Bar.SetValue(shell.Fraction(p.Done, p.Total) / 2)
	case export.PhaseCheck, export.PhaseBurn, export.PhaseRead:
		v.Bar.SetValue(0.5 + discFraction(p)/2)
	}
	if v.stopped {
		return // 正在取消 stays until the end
	}
	switch p.Phase {
	case export.PhaseCopy:
		v.Status.SetText(i18n.T("exp.copying", i18n.M{"Done": i18n.Bytes(p.Done), "Total": i18n.Bytes(p.Total)}))
	case export.PhaseCheck:
		v.Status.SetText(i18n.T("exp.checking", i18n.M{"Disc": p.Disc, "Of": p.Discs}))
	case export.PhaseBurn:
		v.Status.SetText(i18n.T("exp.burning", i18n.M{"Disc": p.Disc, "Of": p.Discs}))
	case export.PhaseRead:
		v.Status.SetText(i18n.T("exp.reading", i18n.M{"Disc": p.Disc, "Of": p.Discs}))
	}
}

// discFraction is how far the discs are checked or burned and read back:
// burning a disc is its first half, reading it back the second.
func discFraction(p export.Progress) float64 {
	if p.Discs <= 0 {
		return 0
	}
	done := float64(p.Disc - 1)
	if p.Phase == export.PhaseRead {
		done += 0.5
	}
	return done / float64(p.Discs)
}

// askForDisc waits (off the UI goroutine) until the user has put a blank
// disc in the burner, or cancels.
func (v *ExportWizard) askForDisc(ctx context.Context, disc, discs int, device string) error {
	answer := make(chan bool, 1)
	v.ui.Bridge().Do(func() {
		d := dialog.NewConfirm(i18n.T("exp.insert_title"), i18n.T("exp.insert", i18n.M{"Disc": disc, "Of": discs, "Device": device}),
			func(ok bool) {
				if !ok && v.stop != nil {
					// Not burning is cancelling the export: recorded as
					// cancelled, with what it wrote removed.
					v.stopped = true
					v.CancelButton.Disable()
					v.stop()
				}
				answer <- ok
			}, v.ui.Win)
		d.SetConfirmText(i18n.T("exp.insert_ok"))
		d.SetDismissText(i18n.T("confirm.no"))
		d.Show()
	})
	select {
	case ok := <-answer:
		if !ok {
			if err := ctx.Err(); err != nil {
				return err
			}
			return errors.New(i18n.T("exp.insert_cancelled"))
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// finished shows the discs made, or what went wrong with a retry.
func (v *ExportWizard) finished(res export.Result, err error) {
	v.Running, v.stop = false, nil
	v.start.Enable()
	v.CancelButton.Hide()
	v.LastErr = err
	if err != nil {
		v.Bar.Hide()
		v.Status.Importance = widget.DangerImportance
		v.Status.SetText(exportErrorText(err))
		if errors.Is(err, export.ErrCancelled) {
			v.Status.Importance = widget.WarningImportance
			v.Status.SetText(i18n.T("progress.export_cancelled", i18n.M{"ID": res.Export.ID}))
		}
		if errors.Is(err, export.ErrFailed) && res.Export.ID != 0 {
			v.failed = res.Export.ID
			v.RetryButton.Show()
		}
		return
	}
	v.failed = 0
	v.done = &res
	v.Bar.SetValue(1)
	v.Status.Importance = widget.SuccessImportance
	v.Status.SetText(i18n.T("exp.done", i18n.M{"ID": res.Export.ID, "N": len(res.Discs), "Files": len(res.Files)}))
	lines := []string{i18n.T("exp.folder_line", i18n.M{"Path": res.Export.OutDir})}
	for _, d := range res.Discs {
		how := i18n.T("exp.disc_image_ok")
		if res.Export.Device != "" {
			how = i18n.T("exp.disc_burned_ok", i18n.M{"Device": res.Export.Device})
		}
		lines = append(lines, i18n.T("exp.disc_line", i18n.M{"Disc": d.Number, "Of": d.Of, "ISO": d.ISO, "Size": i18n.Bytes(d.Image.Size),
			"SHA": d.Image.SHA256, "How": how, "Files": d.Bag.Files}))
	}
	v.Outcome.SetText(strings.Join(lines, "\n"))
	v.openDir.Show()
	v.Load()
}

// Result is the last complete export, or nil.
func (v *ExportWizard) Result() *export.Result { return v.done }

func (v *ExportWizard) open(dir string) {
	if dir == "" {
		return
	}
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if err := v.ui.App.OpenURL(u); err != nil {
		v.ui.ShowError(err)
	}
}

// exportErrorText says why an export failed in plain words, the core's
// reason after it.
func exportErrorText(err error) string {
	msg := err.Error()
	l := strings.ToLower(msg)
	var key string
	switch {
	case errors.Is(err, store.ErrRefused):
		return i18n.ViewErrorText(err)
	case archive.IsDiskFull(err):
		return i18n.T("err.disk_full")
	case strings.Contains(l, "xorriso") && (strings.Contains(l, "not found") || strings.Contains(l, "executable file")):
		key = "exp.err_no_xorriso"
	case strings.Contains(l, "does not verify") || strings.Contains(l, "changed while it was burned"):
		key = "exp.err_verify"
	case strings.Contains(l, "does not match") || strings.Contains(l, "hashes"):
		key = "exp.err_archive"
	case strings.Contains(l, "holds") && strings.Contains(l, "output folder"):
		key = "exp.err_folder"
	case strings.Contains(l, "permission denied"):
		key = "exp.err_permission"
	case strings.Contains(l, strings.ToLower(i18n.T("exp.insert_cancelled"))):
		key = "exp.err_cancelled"
	default:
		key = "exp.err_other"
	}
	s := i18n.T(key, i18n.M{"Err": msg})
	if errors.Is(err, export.ErrFailed) {
		s += "\n" + i18n.T("exp.err_can_retry")
	}
	return s
}

// RetryExport runs failed export id again (from the list of exports) with
// the folder and burner it was begun with.
func (v *ExportWizard) RetryExport(id int64, outDir string) {
	if v.Running {
		return
	}
	v.failed, v.opts, v.outDir = id, export.Options{}, outDir
	v.Retry()
}
