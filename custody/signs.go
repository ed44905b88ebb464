package custody

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"evidock/records"
	"evidock/store"
)

// LateSignLimit is how long after it was recorded a late import (Art. 13)
// becomes a sign for the violation register, beyond the open item asking
// for its reason.
const LateSignLimit = 72 * time.Hour

// findSigns lists every sign the records show, raised or not.
func findSigns(ctx context.Context, s *store.Store) ([]Sign, error) {
	var out []Sign
	for _, find := range []func() ([]Sign, error){
		func() ([]Sign, error) { return clipGapSigns(ctx, s) },
		func() ([]Sign, error) { return otherOfficerSigns(ctx, s) },
		func() ([]Sign, error) { return outsideCustodySigns(ctx, s) },
		func() ([]Sign, error) { return lostSigns(ctx, s) },
		func() ([]Sign, error) { return lateSigns(ctx, s) },
	} {
		signs, err := find()
		if err != nil {
			return nil, fmt.Errorf("store: signs: %w", err)
		}
		out = append(out, signs...)
	}
	return out, nil
}

// Clip numbering schemes of the builtin device profiles: the number a
// recorder counts its files with, and what makes one series of numbers.
var (
	dcfName     = regexp.MustCompile(`^([0-9A-Za-z_]{4})([0-9]{4})$`)                                   // FILE0003, DSCF0012
	recName     = regexp.MustCompile(`^(?i:REC)([0-9]{3,6})$`)                                          // REC0004
	bodycamName = regexp.MustCompile(`^[0-9]{8}_[0-9]{6}_([0-9A-Za-z-]{1,32})_([0-9]{1,6})$`)           // 20250303_081502_DEV1_3
	segmentName = regexp.MustCompile(`^([0-9A-Za-z-]{1,32}_[0-9A-Za-z]{1,16}_[0-9]{14})_([0-9]{1,6})$`) // DEV1_1001_20250303081502_2
)

// clipNumber reads the number a recorder gave a file, from its base name:
// the counter of camera (DCF: four characters and four digits) and voice
// recorder (REC and digits) names, the running number after a body
// camera's date, time and serial, or the segment number of one recording
// split into files. series names what the number counts in; digits is how
// many digits the name writes it with. ok is false for names that carry no
// such number.
func clipNumber(name string) (series string, n, digits int, ok bool) {
	base := name
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	var num string
	switch {
	case recName.MatchString(base):
		m := recName.FindStringSubmatch(base)
		series, num = "rec", m[1]
	case dcfName.MatchString(base) && strings.ContainsFunc(dcfName.FindStringSubmatch(base)[1], func(r rune) bool { return r < '0' || r > '9' }):
		series, num = "dcf", dcfName.FindStringSubmatch(base)[2]
	case bodycamName.MatchString(base):
		m := bodycamName.FindStringSubmatch(base)
		series, num = "seq:"+m[1], m[2]
	case segmentName.MatchString(base):
		m := segmentName.FindStringSubmatch(base)
		series, num = "seg:"+m[1], m[2]
	default:
		return "", 0, 0, false
	}
	v, err := strconv.Atoi(num)
	if err != nil {
		return "", 0, 0, false
	}
	return series, v, len(num), true
}

// clip is a recording as the clip-number check sees it.
type clip struct {
	id, device, officer, name string
	at                        int64 // recorded_at, else the file time
	series                    string
	n, digits                 int
}

// clipGapSigns finds numbers missing between a recorder's clips: within
// one series, clips in the order they were recorded count up by one; a
// jump (0002 then 0004) is a sign that 0003 was deleted (Art. 20(1), 11).
// A count that starts again (a new day, a wipe) is no sign.
func clipGapSigns(ctx context.Context, s *store.Store) ([]Sign, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT id, device_id, officer_id, original_name,
		CASE WHEN recorded_at <> 0 THEN recorded_at ELSE file_time END FROM recordings WHERE device_id <> ''`)
	if err != nil {
		return nil, err
	}
	series := map[string][]clip{}
	for rows.Next() {
		var c clip
		if err := rows.Scan(&c.id, &c.device, &c.officer, &c.name, &c.at); err != nil {
			rows.Close()
			return nil, err
		}
		var ok bool
		if c.series, c.n, c.digits, ok = clipNumber(c.name); ok {
			key := c.device + "\x00" + c.series
			series[key] = append(series[key], c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(series))
	for k := range series {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Sign
	for _, k := range keys {
		cs := series[k]
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].at != cs[j].at {
				return cs[i].at < cs[j].at
			}
			return cs[i].name < cs[j].name
		})
		for i := 1; i < len(cs); i++ {
			prev, cur := cs[i-1], cs[i]
			if cur.n <= prev.n+1 {
				continue
			}
			from, to := prev.n+1, cur.n-1
			num := func(v int) string { return fmt.Sprintf("%0*d", cur.digits, v) }
			missing := num(from)
			if to > from {
				missing += "–" + num(to)
			}
			officer := cur.officer
			if officer == "" {
				officer = prev.officer
			}
			out = append(out, Sign{Sign: SignClipGap, Item: "deleted", Device: cur.device, Officer: officer,
				Ref:    fmt.Sprintf("%s:%s:%s:%d-%d", SignClipGap, cur.device, cur.series, from, to),
				Detail: fmt.Sprintf("记录仪 %s 的文件 %s 与 %s 之间缺少编号 %s（%d 个）", cur.device, prev.name, cur.name, missing, to-from+1),
				Facts: map[string]any{"before": prev.id, "before_name": prev.name, "after": cur.id, "after_name": cur.name,
					"missing_from": from, "missing_to": to}})
		}
	}
	return out, nil
}

// otherOfficerSigns finds recorders that brought back clips of an officer
// other than the one they were issued or assigned to (Art. 20(2)).
func otherOfficerSigns(ctx context.Context, s *store.Store) ([]Sign, error) {
	recs, err := QueryCustody(ctx, s, s.DB(), `1=1`, nil, "c.out_at, c.id", 0)
	if err != nil {
		return nil, err
	}
	var out []Sign
	for _, c := range recs {
		for _, o := range c.OtherOfficers {
			out = append(out, Sign{Sign: SignOtherOfficer, Item: "lent", Device: c.Device, Officer: c.Officer,
				Ref: fmt.Sprintf("%s:custody:%d:%s", SignOtherOfficer, c.ID, o),
				Detail: fmt.Sprintf("记录仪 %s 于 %s 发给执法人员 %s，带回的录像属于执法人员 %s", c.Device,
					c.Out.Local().Format("2006-01-02 15:04"), c.Officer, o),
				Facts: map[string]any{"custody": c.ID, "issued_to": c.Officer, "other": o, "out": c.Out, "returned": c.Returned}})
		}
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT r.import_id, r.device_id, coalesce(d.officer, ''), r.officer_id, count(*),
		min(r.original_name), max(r.original_name)
		FROM recordings r LEFT JOIN devices d ON d.serial = r.device_id
		WHERE r.flags LIKE '%"`+records.FlagOfficerMismatch+`"%' GROUP BY r.import_id, r.device_id, r.officer_id ORDER BY r.import_id, r.officer_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var imp, device, assigned, other, first, last string
		var n int
		if err := rows.Scan(&imp, &device, &assigned, &other, &n, &first, &last); err != nil {
			return nil, err
		}
		out = append(out, Sign{Sign: SignOtherOfficer, Item: "lent", Device: device, Officer: assigned,
			Ref:    fmt.Sprintf("%s:import:%s:%s", SignOtherOfficer, imp, other),
			Detail: fmt.Sprintf("配发给执法人员 %s 的记录仪 %s 上有 %d 个文件名写明执法人员 %s 的录像（%s … %s）", assigned, device, n, other, first, last),
			Facts:  map[string]any{"import": imp, "assigned": assigned, "other": other, "files": n}})
	}
	return out, rows.Err()
}

// outsideCustodySigns finds recordings a pool recorder made while it was
// not checked out to anyone, after its first checkout (Art. 4: for work
// only), one sign per recorder and day.
func outsideCustodySigns(ctx context.Context, s *store.Store) ([]Sign, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT r.device_id, r.day, min(r.officer_id), count(*), min(r.recorded_at), max(r.recorded_at),
			group_concat(r.id, ',')
		FROM recordings r
		WHERE r.recorded_at <> 0 AND r.day <> ''
		AND r.recorded_at >= (SELECT min(c.out_at) FROM custody c WHERE c.device_id = r.device_id)
		AND NOT EXISTS (SELECT 1 FROM custody c WHERE c.device_id = r.device_id AND c.out_at <= r.recorded_at
			AND r.recorded_at < CASE WHEN c.in_at <> 0 THEN c.in_at ELSE coalesce(
				(SELECT min(i.started_at) FROM imports i WHERE i.device_id = c.device_id AND i.started_at >= c.out_at), 9e18) END)
		GROUP BY r.device_id, r.day ORDER BY r.device_id, r.day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Sign
	for rows.Next() {
		var device, day, officer, ids string
		var n int
		var first, last int64
		if err := rows.Scan(&device, &day, &officer, &n, &first, &last, &ids); err != nil {
			return nil, err
		}
		out = append(out, Sign{Sign: SignOutsideCustody, Item: "misuse", Device: device, Officer: officer,
			Ref: fmt.Sprintf("%s:%s:%s", SignOutsideCustody, device, day),
			Detail: fmt.Sprintf("记录仪 %s 在未领用期间录制了 %d 个录像（%s %s–%s）", device, n, day,
				store.FromMS(first).Local().Format("15:04"), store.FromMS(last).Local().Format("15:04")),
			Facts: map[string]any{"day": day, "recordings": strings.Split(ids, ",")}})
	}
	return out, rows.Err()
}

// lostSigns are the recorders reported lost or stolen (Art. 20(7)).
func lostSigns(ctx context.Context, s *store.Store) ([]Sign, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT id, device_id, officer_id, reported_by, reported_at, text FROM device_lost ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Sign
	for rows.Next() {
		var id, at int64
		var device, officer, by, text string
		if err := rows.Scan(&id, &device, &officer, &by, &at, &text); err != nil {
			return nil, err
		}
		out = append(out, Sign{Sign: SignLostDevice, Item: "lost", Device: device, Officer: officer,
			Ref:    fmt.Sprintf("%s:%d", SignLostDevice, id),
			Detail: fmt.Sprintf("记录仪 %s 于 %s 报告遗失：%s", device, store.FromMS(at).Local().Format("2006-01-02 15:04"), text),
			Facts:  map[string]any{"report": id, "reported_by": by}})
	}
	return out, rows.Err()
}

// lateSigns are the imports that brought recordings more than
// LateSignLimit after they were recorded, late by Art. 13.
func lateSigns(ctx context.Context, s *store.Store) ([]Sign, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT import_id, device_id, officer_id, count(*), max(imported_at - recorded_at), min(recorded_at), max(imported_at)
		FROM recordings WHERE late = 1 AND recorded_at <> 0 AND imported_at - recorded_at > ?
		GROUP BY import_id, device_id, officer_id ORDER BY import_id, officer_id`, LateSignLimit.Milliseconds())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Sign
	for rows.Next() {
		var imp, device, officer string
		var n int
		var worst, first, imported int64
		if err := rows.Scan(&imp, &device, &officer, &n, &worst, &first, &imported); err != nil {
			return nil, err
		}
		days := float64(worst) / float64(24*time.Hour/time.Millisecond)
		out = append(out, Sign{Sign: SignLateImport, Item: "other", Device: device, Officer: officer,
			Ref: fmt.Sprintf("%s:%s:%s", SignLateImport, imp, officer),
			Detail: fmt.Sprintf("%d 个录像于 %s 才导出，最早录制于 %s，最迟的晚了 %.1f 天（第十三条）", n,
				store.FromMS(imported).Local().Format("2006-01-02 15:04"), store.FromMS(first).Local().Format("2006-01-02 15:04"), days),
			Facts: map[string]any{"import": imp, "recordings": n, "worst_days": days}})
	}
	return out, rows.Err()
}
