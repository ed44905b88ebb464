// Package demo makes the demonstration data folder: an administrator with
// a random password, three officers with their recorders, three past days
// of recordings with what people would have answered, and a recorder that
// docks a little later. The demo command and the screenshot tool use it.
package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"evidock/assets"
	"evidock/followups"
	"evidock/ingest/dock"
	"evidock/ingest/volume"
	"evidock/records"
	"evidock/store"
)

// Officers and Devices are the demo's people and recorders.
var (
	Officers = []store.Officer{{Number: "J10023", Name: "张伟", Unit: "文化市场综合行政执法队"},
		{Number: "J10047", Name: "李娜", Unit: "文化市场综合行政执法队"}, {Number: "J10051", Name: "王强", Unit: "旅游市场执法科"}}
	Devices = []store.Device{{Serial: "CAM-0001", Model: "DSJ-demo", Profile: "generic", Officer: "J10023"},
		{Serial: "CAM-0002", Model: "DSJ-demo", Profile: "generic", Officer: "J10047"},
		{Serial: "CAM-0003", Model: "DSJ-demo", Profile: "generic", Officer: "J10051"}}
)

// Data makes the demo data folder once: the administrator "demo" with a
// random password (written next to it), officers, recorders and three past
// days of recordings per recorder. It returns the password.
func Data(ctx context.Context, data, dir string) (string, error) {
	pwFile := filepath.Join(dir, "demo-password.txt")
	st, err := store.Open(data)
	if err != nil {
		return "", err
	}
	defer st.Close()
	if has, err := st.HasUsers(ctx); err != nil || has {
		pw, rerr := os.ReadFile(pwFile)
		return strings.TrimSpace(string(pw)), errors.Join(err, rerr)
	}
	var b [10]byte
	rand.Read(b[:])
	password := strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))
	admin, err := st.InitAdmin(ctx, "demo", "演示管理员", password)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
		return "", err
	}
	for _, o := range Officers {
		if err := admin.AddOfficer(ctx, o); err != nil {
			return "", err
		}
	}
	for _, d := range Devices {
		if err := admin.AddDevice(ctx, d); err != nil {
			return "", err
		}
	}
	svc, err := dock.New(st, dock.Config{Roots: []volume.Root{{Path: filepath.Join(dir, "unused"), FolderMode: true}}})
	if err != nil {
		return "", err
	}
	today := time.Now()
	for i, d := range Devices[:2] {
		for back := 3; back >= 1; back-- {
			day := today.AddDate(0, 0, -back)
			vol := filepath.Join(dir, "staging", fmt.Sprintf("%s-%d", d.Serial, back))
			if err := writeRecorder(vol, d, day, i+back); err != nil {
				return "", err
			}
			if err := dockQuietly(ctx, svc, vol); err != nil {
				return "", err
			}
			os.RemoveAll(vol)
		}
	}
	return password, answers(ctx, st, admin, password)
}

// answers gives the demo what people would have done: the officers
// (each with a login) categorise their older recordings; a supervisor
// explains an interruption on an officer's behalf and the officer amends
// it; a leader marks one recording a commercial secret, which the
// supervisor's screens then only count.
func answers(ctx context.Context, st *store.Store, admin *store.Session, password string) error {
	users := []store.NewUser{
		{Name: "j10023", Display: "张伟", OfficerID: "J10023", Roles: []store.Role{store.RoleOfficer}},
		{Name: "j10047", Display: "李娜", OfficerID: "J10047", Roles: []store.Role{store.RoleOfficer}},
		{Name: "demo-sup", Display: "督查演示", Roles: []store.Role{store.RoleSupervisor}},
		{Name: "demo-lead", Display: "领导演示", Roles: []store.Role{store.RoleSupervisor, store.RoleLeader, store.RoleCustodian}},
	}
	as := map[string]*store.Session{}
	for _, u := range users {
		u.Password = password
		if err := admin.AddUser(ctx, u); err != nil {
			return err
		}
		sess, err := st.Login(ctx, u.Name, password)
		if err != nil {
			return err
		}
		as[u.Name] = sess
	}
	yesterday := time.Now().AddDate(0, 0, -1)
	for _, name := range []string{"j10023", "j10047"} {
		sess := as[name]
		recs, err := records.Recordings(ctx, sess, records.RecordingFilter{To: yesterday, Category: "none"})
		if err != nil {
			return err
		}
		ids := make([]string, len(recs))
		for i, r := range recs {
			ids[i] = r.ID
		}
		if len(ids) > 0 {
			if err := followups.Categorize(ctx, sess, ids, "inspection"); err != nil {
				return err
			}
		}
	}
	gaps, err := followups.Gaps(ctx, as["demo-sup"], Devices[0].Serial, true)
	if err != nil {
		return err
	}
	if len(gaps) > 0 {
		g := gaps[len(gaps)-1]
		if err := followups.Explain(ctx, as["demo-sup"].OnBehalf("张伟外出执法，电话说明"), g.ID, "battery", "电池没电", false); err != nil {
			return err
		}
		if err := followups.Explain(ctx, as["j10023"], g.ID, "storage_full", "存储卡满，换卡后继续录制", true); err != nil {
			return err
		}
	}
	recs, err := records.Recordings(ctx, as["demo-lead"], records.RecordingFilter{DeviceID: Devices[1].Serial, Limit: 1})
	if err != nil || len(recs) == 0 {
		return err
	}
	return as["demo-lead"].Classify(ctx, recs[0].ID, store.Commercial, "涉及经营者商业秘密")
}

// dockQuietly docks one folder and waits until the docking is done.
func dockQuietly(ctx context.Context, svc *dock.Service, vol string) error {
	events := make(chan dock.Event, 16)
	var failure error
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range events {
			if e.Type == dock.Failed {
				failure = errors.New(e.Error)
			}
		}
	}()
	svc.Dock(ctx, vol, filepath.Base(vol), "", events)
	close(events)
	<-done
	return failure
}

// Recorder makes today's simulated recorder in a staging folder and then
// moves it into the watched folder at once, as a volume appears.
func Recorder(dir, roots string) error {
	d := Devices[2]
	stage := filepath.Join(dir, "staging", d.Serial)
	os.RemoveAll(stage)
	if err := writeRecorder(stage, d, time.Now(), 0); err != nil {
		return err
	}
	dest := filepath.Join(roots, d.Serial)
	os.RemoveAll(dest)
	return os.Rename(stage, dest)
}

// writeRecorder writes a recorder volume in the generic layout:
// DCIM/<serial>_<officer>_<YYYYMMDDhhmmss>.mp4, a morning of clips with one
// pause long enough to be an interruption. Each clip is a demo clip whose
// MP4 header carries its own start time and a duration of a few minutes
// (the picture itself is two seconds long).
func writeRecorder(vol string, d store.Device, day time.Time, variant int) error {
	dcim := filepath.Join(vol, "DCIM")
	if err := os.MkdirAll(dcim, 0o755); err != nil {
		return err
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), 8, 30+variant*7%20, 0, 0, time.Local)
	if day.YearDay() == time.Now().YearDay() && time.Now().Hour() < 10 {
		start = start.AddDate(0, 0, -1) // keep today's demo clips in the past
	}
	lengths := []time.Duration{9 * time.Minute, 12 * time.Minute, 6 * time.Minute, 15 * time.Minute}
	t := start
	for i, l := range lengths {
		clip, err := assets.DemoClips.ReadFile(fmt.Sprintf("demo/clip%d.mp4", i%3+1))
		if err != nil {
			return err
		}
		at := t
		if variant == 1 && i == len(lengths)-1 {
			// A recorder whose clock had reset writes 2016 into this clip's
			// metadata while its name keeps the time: a time conflict.
			at = time.Date(2016, 1, 1, t.Hour(), t.Minute(), t.Second(), 0, time.Local)
		}
		clip = withMP4Time(clip, at, l)
		name := fmt.Sprintf("%s_%s_%s.mp4", d.Serial, d.Officer, t.Format("20060102150405"))
		if err := os.WriteFile(filepath.Join(dcim, name), clip, 0o644); err != nil {
			return err
		}
		mod := t.Add(l)
		os.Chtimes(filepath.Join(dcim, name), mod, mod)
		t = t.Add(l + 20*time.Second)
		if i == 1 {
			t = t.Add(17 * time.Minute) // an interruption to explain
		}
	}
	return nil
}

// withMP4Time returns a copy of an MP4 whose version-0 mvhd says it was
// made at t (wall-clock, as the generic recorders write it) and lasts d.
func withMP4Time(mp4 []byte, t time.Time, d time.Duration) []byte {
	out := bytes.Clone(mp4)
	i := bytes.Index(out, []byte("mvhd"))
	if i < 0 || i+24 > len(out) || out[i+4] != 0 {
		return out
	}
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	secs := uint32(wall.Unix() + 2082844800) // seconds since 1904-01-01
	binary.BigEndian.PutUint32(out[i+8:], secs)
	binary.BigEndian.PutUint32(out[i+12:], secs)
	scale := binary.BigEndian.Uint32(out[i+16:])
	binary.BigEndian.PutUint32(out[i+20:], uint32(d.Seconds())*scale)
	return out
}
