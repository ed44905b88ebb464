package store

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"
	"time"
)

// permCase is one action's expected permissions and how to take it.
type permCase struct {
	action  Action
	allowed []Role
	// entry is the ledger action a permitted attempt writes ("" for none);
	// quiet lists roles whose permitted attempt writes none.
	entry string
	quiet []Role
	// run prepares what the action needs (with the fixture's other users)
	// and returns the call to make as sess. nil checks only Session.May.
	run func(t *testing.T, fx *fixture, sess *Session) func() error
}

var (
	users     = []Role{RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin}
	requester = []Role{RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor}
)

// permissionTable is the decided permission of every action. An action
// registered with permit but missing here fails TestPermissionTableIsComplete.
var permissionTable = []permCase{
	{action: "import", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleAdmin}, entry: "import.start",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				run, err := sess.BeginImport(context.Background(), ImportSpec{Source: "perm"})
				if err != nil {
					return err
				}
				return run.Finish(context.Background(), Summary{Status: StatusComplete})
			}
		}},
	{action: "recordings.search", allowed: allRoles, entry: "recordings.search",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Recordings(context.Background(), RecordingFilter{}); return err }
		}},
	{action: "ledger.read", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin},
		entry: "ledger.read", quiet: []Role{RoleWorkstation},
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Ledger(context.Background(), LedgerFilter{Limit: 1}); return err }
		}},
	{action: "verify", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleAdmin}, entry: "verify",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Verify(context.Background(), nil); return err }
		}},
	{action: "user.add", allowed: []Role{RoleAdmin}, entry: "user.add",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				return sess.AddUser(context.Background(), NewUser{Name: "new_" + sess.Actor().Name, Roles: []Role{RoleOfficer}, Password: testPassword})
			}
		}},
	{action: "user.list", allowed: []Role{RoleAdmin}, entry: "user.list",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Users(context.Background()); return err }
		}},
	{action: "user.disable", allowed: []Role{RoleAdmin}, entry: "user.disable",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			name := "v_" + sess.Actor().Name
			fx.addUser(t, name, "", RoleOfficer)
			return func() error { return sess.DisableUser(context.Background(), name, "left the bureau") }
		}},
	{action: "user.enable", allowed: []Role{RoleAdmin}, entry: "user.enable",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			name := "v_" + sess.Actor().Name
			fx.addUser(t, name, "", RoleOfficer)
			if err := fx.root.DisableUser(context.Background(), name, "leave"); err != nil {
				t.Fatal(err)
			}
			return func() error { return sess.EnableUser(context.Background(), name, "back") }
		}},
	{action: "user.roles", allowed: []Role{RoleAdmin}, entry: "user.roles",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				return sess.SetRoles(context.Background(), "o2", []Role{RoleOfficer, RoleSupervisor})
			}
		}},
	{action: "user.password", allowed: users, entry: "user.password",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				return sess.ChangePassword(context.Background(), sess.Actor().Name, testPassword, "a new password")
			}
		}},
	{action: "user.password.reset", allowed: []Role{RoleAdmin}, entry: "user.password.reset",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.ChangePassword(context.Background(), "o2", "", "reset by admin") }
		}},
	{action: "request.view", allowed: requester, entry: "request.view",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				_, err := sess.RequestView(context.Background(), ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeCase, Reason: "case"})
				return err
			}
		}},
	{action: "request.list", allowed: requester, entry: "request.list",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Requests(context.Background(), RequestFilter{}); return err }
		}},
	{action: "request.decide", allowed: []Role{RoleLegal, RoleLeader}, entry: "request.approve",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			r, err := fx.o2.RequestView(context.Background(), ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeReview, Reason: "review"})
			if err != nil {
				t.Fatal(err)
			}
			return func() error {
				_, err := sess.Decide(context.Background(), r.ID, Decision{Approve: true})
				return err
			}
		}},
	{action: "recording.play", allowed: requester, entry: "recording.play",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			by := fx.o2
			if sess.May("request.view") {
				by = sess
			}
			r := fx.approved(t, by, fx.boss, PurposeCase, fx.rec.ID)
			fx.registered(t, r, fx.rec.ID)
			return func() error {
				_, cleanup, err := sess.Play(context.Background(), fx.rec.ID, r.ID)
				if err == nil {
					cleanup()
				}
				return err
			}
		}},
	{action: "viewing.register", allowed: []Role{RoleCustodian}, entry: "viewing.register",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			r := fx.approved(t, fx.o2, fx.boss, PurposeCase, fx.rec.ID)
			return func() error {
				_, err := sess.RegisterViewing(context.Background(), ViewingEntry{RequestID: r.ID, RecordingID: fx.rec.ID, Viewer: "lawyer of the party"})
				return err
			}
		}},
	{action: "register.read", allowed: []Role{RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor}, entry: "register.read",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Register(context.Background(), RegisterFilter{}); return err }
		}},
	{action: "recording.classify", allowed: []Role{RoleCustodian, RoleLeader}, entry: "recording.classify",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.Classify(context.Background(), fx.rec.ID, Privacy, "faces of bystanders") }
		}},
	{action: "evidence.extract", allowed: []Role{RoleCustodian}, entry: "",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			r := fx.approved(t, fx.o2, fx.boss, PurposeExtraction, fx.rec.ID)
			return func() error { _, err := sess.ApprovedExtraction(context.Background(), r.ID); return err }
		}},
	// Devices, officers, timeline and recorders (store/devices.go, store/timeline.go).
	{action: "officer.manage", allowed: []Role{RoleAdmin}, entry: "officer.add",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				return sess.AddOfficer(context.Background(), Officer{Number: "N-" + sess.Actor().Name, Name: "张三"})
			}
		}},
	{action: "device.manage", allowed: []Role{RoleAdmin, RoleCustodian}, entry: "device.add",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.AddDevice(context.Background(), Device{Serial: "D-" + sess.Actor().Name}) }
		}},
	{action: "device.read", allowed: allRoles, entry: "",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Devices(context.Background()); return err }
		}},
	// The officer answers for their own recording (fx.rec is officer 1001's,
	// r_officer's); a supervisor or leader only on their behalf. The
	// workstation answers only before the folder has users.
	{action: "recording.annotate", allowed: []Role{RoleOfficer, RoleSupervisor, RoleLeader}, entry: "recording.categorize",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				return sess.OnBehalf("the officer is on leave").Categorize(context.Background(), []string{fx.rec.ID}, "inspection")
			}
		}},
	{action: "timeline.read", allowed: allRoles, entry: "",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Timeline(context.Background(), "D1", "2026-11-29"); return err }
		}},
	{action: "recorder.wipe", allowed: []Role{RoleWorkstation, RoleService}, entry: "recorder.wipe",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.RecordWipe(context.Background(), "imp", "D1", "DCIM/a.mp4") }
		}},
	{action: "recorder.clock_set", allowed: []Role{RoleWorkstation, RoleService, RoleAdmin, RoleCustodian}, entry: "recorder.clock_set",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.RecordClockSet(context.Background(), "D1", 0, false) }
		}},
	// Supervision: custody, work records, open items, the dashboard
	// (store/custody.go, notrecorded.go, openitems.go, dashboard.go).
	{action: "custody.manage", allowed: []Role{RoleCustodian, RoleAdmin}, entry: "custody.checkout",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			ctx := context.Background()
			dev := "C-" + sess.Actor().Name
			if err := fx.root.AddOfficer(ctx, Officer{Number: "1001", Name: "张三"}); err != nil {
				t.Fatal(err)
			}
			if err := fx.root.AddDevice(ctx, Device{Serial: dev}); err != nil {
				t.Fatal(err)
			}
			return func() error { _, err := sess.CheckOut(ctx, Checkout{Device: dev, Officer: "1001"}); return err }
		}},
	{action: "custody.lost", allowed: []Role{RoleOfficer, RoleCustodian, RoleAdmin}, entry: "custody.lost",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			ctx := context.Background()
			dev := "L-" + sess.Actor().Name
			if err := fx.root.AddOfficer(ctx, Officer{Number: "1001", Name: "张三"}); err != nil {
				t.Fatal(err)
			}
			if err := fx.root.AddDevice(ctx, Device{Serial: dev, Officer: "1001"}); err != nil {
				t.Fatal(err)
			}
			return func() error { return sess.ReportLost(ctx, dev, "lost on patrol") }
		}},
	{action: "custody.read", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleLeader, RoleLegal, RoleAdmin},
		entry: "custody.read", quiet: []Role{RoleWorkstation},
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Custody(context.Background(), CustodyFilter{}); return err }
		}},
	{action: "notrecorded.file", allowed: []Role{RoleOfficer}, entry: "notrecorded.file",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				_, err := sess.FileNotRecorded(context.Background(), NotRecorded{Day: "2025-03-01", Place: "p", Category: "inspection", Reason: "emergency", Basis: "b", Text: "t"})
				return err
			}
		}},
	{action: "notrecorded.ack", allowed: []Role{RoleLeader}, entry: "notrecorded.ack",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			n, err := fx.as[RoleOfficer].FileNotRecorded(context.Background(), NotRecorded{Day: "2025-03-01", Place: "p", Category: "inspection", Reason: "objective", Basis: "b", Text: "t"})
			if err != nil {
				t.Fatal(err)
			}
			return func() error { return sess.AckNotRecorded(context.Background(), n.ID, "seen") }
		}},
	{action: "notrecorded.read", allowed: []Role{RoleOfficer, RoleLeader, RoleSupervisor}, entry: "notrecorded.read",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.NotRecordedRecords(context.Background(), NotRecordedFilter{}); return err }
		}},
	{action: "openitems.read", allowed: []Role{RoleWorkstation, RoleService, RoleOfficer, RoleCustodian, RoleSupervisor, RoleLeader, RoleAdmin},
		entry: "openitems.read", quiet: []Role{RoleWorkstation},
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.OpenItems(context.Background(), OpenItemFilter{}); return err }
		}},
	{action: "openitem.answer", allowed: []Role{RoleCustodian, RoleAdmin}, entry: "openitem.answer",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.AnswerItem(context.Background(), ItemImport, "imp-1", "re-docked by hand") }
		}},
	{action: "supervision.read", allowed: []Role{RoleSupervisor, RoleLeader}, entry: "supervision.read",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				_, err := sess.Dashboard(context.Background(), Period{From: "2025-03-01", To: "2025-03-31"})
				return err
			}
		}},
	// Cases, retention, purge, integrity checks, backup and space (store/cases.go,
	// retention.go, purge.go, check.go, backup.go, space.go).
	{action: "case.manage", allowed: []Role{RoleCustodian}, entry: "case.add",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				return sess.AddCase(context.Background(), Case{Number: "P-" + sess.Actor().Name, Name: "case", Retention: Retention{Years: 2}})
			}
		}},
	{action: "case.read", allowed: users, entry: "",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Cases(context.Background(), ""); return err }
		}},
	{action: "retention.read", allowed: []Role{RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin}, entry: "retention.list",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				_, err := sess.Retention(context.Background(), RetentionFilter{Expired: true})
				return err
			}
		}},
	{action: "retention.configure", allowed: []Role{RoleAdmin}, entry: "retention.policy",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.SetRetentionYears(context.Background(), 2, "bureau decision") }
		}},
	{action: "purge.request", allowed: []Role{RoleCustodian}, entry: "purge.request",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			rec := expiredRecording(t, fx, "to purge, asked by "+sess.Actor().Name)
			return func() error {
				_, err := sess.RequestPurge(context.Background(), []string{rec.ID}, "retention ended")
				return err
			}
		}},
	{action: "purge.decide", allowed: []Role{RoleLeader}, entry: "purge.approve",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			rec := expiredRecording(t, fx, "to purge, decided by "+sess.Actor().Name)
			r, err := fx.keep.RequestPurge(context.Background(), []string{rec.ID}, "retention ended")
			if err != nil {
				t.Fatal(err)
			}
			return func() error { _, err := sess.DecidePurge(context.Background(), r.ID, true, "ok"); return err }
		}},
	{action: "purge.read", allowed: []Role{RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin}, entry: "",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.PurgeRequests(context.Background(), false); return err }
		}},
	{action: "integrity.check", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleAdmin}, entry: "check.finish",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.RunCheck(context.Background(), CheckOptions{Rate: -1}); return err }
		}},
	{action: "integrity.read", allowed: allRoles, entry: "",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.OpenProblems(context.Background()); return err }
		}},
	{action: "integrity.acknowledge", allowed: []Role{RoleCustodian}, entry: "integrity.acknowledge",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			rec := importAs(t, fx.st, "to lose, for "+sess.Actor().Name, "LOST.MP4", "1001")
			os.Chmod(fx.st.archive.Path(rec.SHA256), 0o644)
			os.Remove(fx.st.archive.Path(rec.SHA256))
			if _, err := fx.st.Workstation().RunCheck(context.Background(), CheckOptions{Rate: -1}); err != nil {
				t.Fatal(err)
			}
			open, err := fx.keep.OpenProblems(context.Background())
			if err != nil || len(open) == 0 {
				t.Fatalf("open problems: %v %v", open, err)
			}
			return func() error { return sess.Acknowledge(context.Background(), open[len(open)-1].ID, "restored") }
		}},
	{action: "backup", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleAdmin}, entry: "backup",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Backup(context.Background(), t.TempDir(), BackupOptions{}); return err }
		}},
	{action: "backup.configure", allowed: []Role{RoleAdmin}, entry: "backup.configure",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.SetBackupTarget(context.Background(), t.TempDir(), 0) }
		}},
	{action: "space.read", allowed: allRoles, entry: "",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Space(context.Background()); return err }
		}},
	// Evidence exports (store/exports.go).
	{action: "export", allowed: []Role{RoleCustodian}, entry: "export.begin",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			r := fx.approved(t, fx.o2, fx.boss, PurposeExtraction, fx.rec.ID)
			return func() error {
				run, err := sess.BeginExport(context.Background(), exportSpec(t, r.ID))
				if err != nil {
					return err
				}
				return run.Fail(context.Background(), "permission test")
			}
		}},
	{action: "export.read", allowed: []Role{RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor}, entry: "export.list",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.Exports(context.Background(), ExportFilter{}); return err }
		}},
}

func TestPermissionTableIsComplete(t *testing.T) {
	inTable := map[Action]bool{}
	for _, c := range permissionTable {
		if inTable[c.action] {
			t.Errorf("%s is in the table twice", c.action)
		}
		inTable[c.action] = true
		if PermittedRoles(c.action) == nil {
			t.Errorf("%s is in the table but no code permits it", c.action)
		}
	}
	var missing []Action
	for _, a := range Actions() {
		if !inTable[a] {
			missing = append(missing, a)
		}
	}
	slices.Sort(missing)
	for _, a := range missing {
		t.Errorf("action %q is permitted to %v but has no row in permissionTable: decide its roles there", a, PermittedRoles(a))
	}
}

// Every action × every role: permitted ones succeed and write their entry;
// the others fail with ErrRefused and a "refused" entry naming the action.
func TestPermissionMatrix(t *testing.T) {
	for _, c := range permissionTable {
		t.Run(string(c.action), func(t *testing.T) {
			if c.run == nil {
				fx := &fixture{as: map[Role]*Session{}}
				for _, r := range allRoles {
					fx.as[r] = SessionAs(Actor{Name: "x", Roles: []Role{r}})
					if got, want := fx.as[r].May(c.action), slices.Contains(c.allowed, r); got != want {
						t.Errorf("%s may %s: %v, want %v", r, c.action, got, want)
					}
				}
				return
			}
			fx := newFixture(t)
			for _, role := range allRoles {
				sess := fx.as[role]
				call := c.run(t, fx, sess)
				before := ledgerSize(t, fx.st)
				err := call()
				entries := entriesSince(t, fx.st, before)
				actor := sess.actor.ledgerName()
				if slices.Contains(c.allowed, role) {
					if err != nil {
						t.Errorf("%s: %v, want it allowed", role, err)
						continue
					}
					if c.entry != "" && !slices.Contains(c.quiet, role) && !hasEntry(entries, actor, c.entry) {
						t.Errorf("%s: allowed without a %q entry: %v", role, c.entry, entries)
					}
					continue
				}
				if !errors.Is(err, ErrRefused) {
					t.Errorf("%s: got %v, want ErrRefused", role, err)
				}
				if _, ok := refusal(entries, actor, c.action); !ok {
					t.Errorf("%s: refused without a refusal entry for %s: %v", role, c.action, entries)
				}
			}
		})
	}
}

func init() {
	permissionTable = append(permissionTable, permCase{action: "settings.change", allowed: []Role{RoleAdmin}, entry: "settings.change",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { return sess.RecordSetting(context.Background(), "gap_threshold_s", 60, 90) }
		}})
}

// The permissions of issue 17's actions, beside the table of the rest.
func init() {
	permissionTable = append(permissionTable, permCase{action: "checkpoint",
		allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin}, entry: "checkpoint",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, _, err := sess.Checkpoint(context.Background(), "test"); return err }
		}}, permCase{action: "replicate", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleAdmin},
		// The plan is read as the first step of a run, whose one entry
		// ("replicate") the replicate package writes when it ends.
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error { _, err := sess.ReplicationPlan(context.Background()); return err }
		}}, permCase{action: "replicate.configure", allowed: []Role{RoleAdmin}, entry: "replicate.configure",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			return func() error {
				return sess.SetReplicationTarget(context.Background(), ReplicationTarget{Endpoint: "http://127.0.0.1:9", Bucket: "b"})
			}
		}})
}

// The decided permissions of the equipment's, the violation register's and
// the printed forms' actions (equipment.go, violations.go, prints.go), in
// permissionTable.
func init() {
	ctx := context.Background()
	device := func(t *testing.T, fx *fixture, prefix string, sess *Session) string {
		serial := prefix + "-" + sess.Actor().Name
		if err := fx.root.AddDevice(ctx, Device{Serial: serial}); err != nil {
			t.Fatal(err)
		}
		return serial
	}
	// raised is a raised sign of its own per session: a recorder lost.
	raised := func(t *testing.T, fx *fixture, sess *Session) int64 {
		serial := device(t, fx, "V", sess)
		must(t, fx.keep.ReportLost(ctx, serial, "遗失"))
		_, err := fx.as[RoleSupervisor].ScanSigns(ctx)
		must(t, err)
		vs, err := fx.boss.Violations(ctx, ViolationFilter{})
		must(t, err)
		for _, v := range vs {
			if v.Device == serial {
				return v.ID
			}
		}
		t.Fatalf("no sign for %s", serial)
		return 0
	}
	permissionTable = append(permissionTable,
		permCase{action: "device.state", allowed: []Role{RoleCustodian, RoleAdmin}, entry: "device.state",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				serial := device(t, fx, "ST", sess)
				return func() error { return sess.SetDeviceState(ctx, serial, StateRepair, "送修") }
			}},
		permCase{action: "device.clock_fix", allowed: []Role{RoleCustodian, RoleAdmin}, entry: "device.clock_fix",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				serial := device(t, fx, "CK", sess)
				dock(t, fx.st, ImportSpec{DeviceID: serial, ClockOffset: 10 * time.Minute, ClockMeasured: true}, nil)
				return func() error { return sess.CorrectClock(ctx, serial, "已校时") }
			}},
		permCase{action: "preuse.read", allowed: []Role{RoleWorkstation, RoleService, RoleCustodian, RoleSupervisor, RoleLeader, RoleAdmin},
			entry: "preuse.read", quiet: []Role{RoleWorkstation},
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				return func() error { _, err := sess.PreUseChecks(ctx, PreUseFilter{}); return err }
			}},
		permCase{action: "preuse.ack", allowed: []Role{RoleSupervisor, RoleLeader, RoleCustodian}, entry: "preuse.ack",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				serial := device(t, fx, "PU", sess)
				must(t, fx.root.AddOfficer(ctx, Officer{Number: "1001", Name: "张三"}))
				_, err := fx.keep.CheckOut(ctx, Checkout{Device: serial, Officer: "1001", Check: &PreUseCheck{}})
				must(t, err)
				checks, err := fx.keep.PreUseChecks(ctx, PreUseFilter{Device: serial})
				must(t, err)
				return func() error { return sess.AckPreUse(ctx, checks[0].ID, "已处理") }
			}},
		permCase{action: "violation.scan", allowed: []Role{RoleWorkstation, RoleService, RoleSupervisor, RoleLeader}, entry: "",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				return func() error { _, err := sess.ScanSigns(ctx); return err }
			}},
		permCase{action: "violation.read", allowed: []Role{RoleSupervisor, RoleLeader, RoleLegal, RoleOfficer}, entry: "violation.read",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				return func() error { _, err := sess.Violations(ctx, ViolationFilter{}); return err }
			}},
		permCase{action: "violation.open", allowed: []Role{RoleSupervisor, RoleLeader}, entry: "violation.open",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				id := raised(t, fx, sess)
				return func() error { return sess.OpenViolation(ctx, id, "核查") }
			}},
		permCase{action: "violation.decide", allowed: []Role{RoleLeader}, entry: "violation.decide",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				id := raised(t, fx, sess)
				must(t, fx.boss.OpenViolation(ctx, id, "核查"))
				return func() error { return sess.DecideViolation(ctx, id, []string{"书面检查"}, "决定") }
			}},
		permCase{action: "form.print", allowed: users, entry: "form.print",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				return func() error { return sess.RecordPrint(ctx, "card", "officer:1001", nil) }
			}},
		permCase{action: "violation.close", allowed: []Role{RoleSupervisor, RoleLeader}, entry: "violation.close",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				id := raised(t, fx, sess)
				return func() error { return sess.CloseViolation(ctx, id, "无问题") }
			}},
	)
}

func init() {
	permissionTable = append(permissionTable, permCase{action: "export.release", allowed: []Role{RoleCustodian}, entry: "export.release",
		run: func(t *testing.T, fx *fixture, sess *Session) func() error {
			id := completedExport(t, fx, fx.rec.ID)
			return func() error { return sess.ReleaseExport(context.Background(), id, "case closed, disc returned") }
		}})
}

func init() {
	permissionTable = append(permissionTable,
		permCase{action: "settings.read", allowed: allRoles, entry: "",
			run: func(t *testing.T, fx *fixture, sess *Session) func() error {
				return func() error { _, err := sess.SettingList(context.Background()); return err }
			}})
}
