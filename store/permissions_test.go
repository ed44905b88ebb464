package store_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"evidock/access"
	"evidock/custody"
	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/records"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// permCase is one action's expected permissions and how to take it.
type permCase struct {
	action  store.Action
	allowed []store.Role
	// entry is the ledger action a permitted attempt writes ("" for none);
	// quiet lists roles whose permitted attempt writes none.
	entry string
	quiet []store.Role
	// run prepares what the action needs (with the fixture's other users)
	// and returns the call to make as sess. nil checks only Session.May.
	run func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error
}

var (
	users     = []store.Role{store.RoleOfficer, store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor, store.RoleAdmin}
	requester = []store.Role{store.RoleOfficer, store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor}
)

// permissionTable is the decided permission of every action. An action
// Registered with permit but missing here fails TestPermissionTableIsComplete.
var permissionTable = []permCase{
	{action: "import", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleAdmin}, entry: "import.start",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				run, err := records.BeginImport(context.Background(), sess, records.ImportSpec{Source: "perm"})
				if err != nil {
					return err
				}
				return run.Finish(context.Background(), records.Summary{Status: store.StatusComplete})
			}
		}},
	{action: "recordings.search", allowed: storetest.AllRoles, entry: "recordings.search",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := records.Recordings(context.Background(), sess, records.RecordingFilter{})
				return err
			}
		}},
	{action: "ledger.read", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor, store.RoleAdmin},
		entry: "ledger.read", quiet: []store.Role{store.RoleWorkstation},
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := records.Ledger(context.Background(), sess, ledger.Filter{Limit: 1})
				return err
			}
		}},
	{action: "verify", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleSupervisor, store.RoleAdmin}, entry: "verify",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := safekeeping.Verify(context.Background(), sess, nil); return err }
		}},
	{action: "user.add", allowed: []store.Role{store.RoleAdmin}, entry: "user.add",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return sess.AddUser(context.Background(), store.NewUser{Name: "new_" + sess.Actor().Name, Roles: []store.Role{store.RoleOfficer}, Password: storetest.Password})
			}
		}},
	{action: "user.list", allowed: []store.Role{store.RoleAdmin}, entry: "user.list",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := sess.Users(context.Background()); return err }
		}},
	{action: "user.disable", allowed: []store.Role{store.RoleAdmin}, entry: "user.disable",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			name := "v_" + sess.Actor().Name
			fx.AddUser(t, name, "", store.RoleOfficer)
			return func() error { return sess.DisableUser(context.Background(), name, "left the bureau") }
		}},
	{action: "user.enable", allowed: []store.Role{store.RoleAdmin}, entry: "user.enable",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			name := "v_" + sess.Actor().Name
			fx.AddUser(t, name, "", store.RoleOfficer)
			if err := fx.Root.DisableUser(context.Background(), name, "leave"); err != nil {
				t.Fatal(err)
			}
			return func() error { return sess.EnableUser(context.Background(), name, "back") }
		}},
	{action: "user.roles", allowed: []store.Role{store.RoleAdmin}, entry: "user.roles",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return sess.SetRoles(context.Background(), "o2", []store.Role{store.RoleOfficer, store.RoleSupervisor})
			}
		}},
	{action: "user.password", allowed: users, entry: "user.password",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return sess.ChangePassword(context.Background(), sess.Actor().Name, storetest.Password, "a new password")
			}
		}},
	{action: "user.password.reset", allowed: []store.Role{store.RoleAdmin}, entry: "user.password.reset",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { return sess.ChangePassword(context.Background(), "o2", "", "reset by admin") }
		}},
	{action: "request.view", allowed: requester, entry: "request.view",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := access.RequestView(context.Background(), sess, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeCase, Reason: "case"})
				return err
			}
		}},
	{action: "request.list", allowed: requester, entry: "request.list",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := access.Requests(context.Background(), sess, access.RequestFilter{})
				return err
			}
		}},
	{action: "request.decide", allowed: []store.Role{store.RoleLegal, store.RoleLeader}, entry: "request.approve",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			r, err := access.RequestView(context.Background(), fx.O2, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeReview, Reason: "review"})
			if err != nil {
				t.Fatal(err)
			}
			return func() error {
				_, err := access.Decide(context.Background(), sess, r.ID, access.Decision{Approve: true})
				return err
			}
		}},
	{action: "recording.play", allowed: requester, entry: "recording.play",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			by := fx.O2
			if sess.May("request.view") {
				by = sess
			}
			r := fx.Approved(t, by, fx.Boss, access.PurposeCase, fx.Rec.ID)
			fx.Registered(t, r, fx.Rec.ID)
			return func() error {
				_, cleanup, err := access.Play(context.Background(), sess, fx.Rec.ID, r.ID)
				if err == nil {
					cleanup()
				}
				return err
			}
		}},
	{action: "viewing.register", allowed: []store.Role{store.RoleCustodian}, entry: "viewing.register",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			r := fx.Approved(t, fx.O2, fx.Boss, access.PurposeCase, fx.Rec.ID)
			return func() error {
				_, err := access.RegisterViewing(context.Background(), sess, access.ViewingEntry{RequestID: r.ID, RecordingID: fx.Rec.ID, Viewer: "lawyer of the party"})
				return err
			}
		}},
	{action: "register.read", allowed: []store.Role{store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor}, entry: "register.read",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := access.Register(context.Background(), sess, access.RegisterFilter{})
				return err
			}
		}},
	{action: "recording.classify", allowed: []store.Role{store.RoleCustodian, store.RoleLeader}, entry: "recording.classify",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return sess.Classify(context.Background(), fx.Rec.ID, store.Privacy, "faces of bystanders")
			}
		}},
	{action: "evidence.extract", allowed: []store.Role{store.RoleCustodian}, entry: "",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			r := fx.Approved(t, fx.O2, fx.Boss, access.PurposeExtraction, fx.Rec.ID)
			return func() error { _, err := access.ApprovedExtraction(context.Background(), sess, r.ID); return err }
		}},
	// Devices, officers, timeline and recorders (store/devices.go, store/timeline.go).
	{action: "officer.manage", allowed: []store.Role{store.RoleAdmin}, entry: "officer.add",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return sess.AddOfficer(context.Background(), store.Officer{Number: "N-" + sess.Actor().Name, Name: "张三"})
			}
		}},
	{action: "device.manage", allowed: []store.Role{store.RoleAdmin, store.RoleCustodian}, entry: "device.add",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return sess.AddDevice(context.Background(), store.Device{Serial: "D-" + sess.Actor().Name})
			}
		}},
	{action: "device.read", allowed: storetest.AllRoles, entry: "",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := sess.Devices(context.Background()); return err }
		}},
	// The officer answers for their own recording (fx.rec is officer 1001's,
	// r_officer's); a supervisor or leader only on their behalf. The
	// workstation answers only before the folder has users.
	{action: "recording.annotate", allowed: []store.Role{store.RoleOfficer, store.RoleSupervisor, store.RoleLeader}, entry: "recording.categorize",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return followups.Categorize(context.Background(), sess.OnBehalf("the officer is on leave"), []string{fx.Rec.ID}, "inspection")
			}
		}},
	{action: "timeline.read", allowed: storetest.AllRoles, entry: "",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := followups.TimelineOf(context.Background(), sess, "D1", "2026-11-29")
				return err
			}
		}},
	{action: "recorder.wipe", allowed: []store.Role{store.RoleWorkstation, store.RoleService}, entry: "recorder.wipe",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { return sess.RecordWipe(context.Background(), "imp", "D1", "DCIM/a.mp4") }
		}},
	{action: "recorder.clock_set", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleAdmin, store.RoleCustodian}, entry: "recorder.clock_set",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { return sess.RecordClockSet(context.Background(), "D1", 0, false) }
		}},
	// Supervision: custody, work records, open items, the dashboard
	// (store/custody.go, notrecorded.go, openitems.go, dashboard.go).
	{action: "custody.manage", allowed: []store.Role{store.RoleCustodian, store.RoleAdmin}, entry: "custody.checkout",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			ctx := context.Background()
			dev := "C-" + sess.Actor().Name
			if err := fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}); err != nil {
				t.Fatal(err)
			}
			if err := fx.Root.AddDevice(ctx, store.Device{Serial: dev}); err != nil {
				t.Fatal(err)
			}
			return func() error {
				_, err := custody.CheckOut(ctx, sess, custody.Checkout{Device: dev, Officer: "1001"})
				return err
			}
		}},
	{action: "custody.lost", allowed: []store.Role{store.RoleOfficer, store.RoleCustodian, store.RoleAdmin}, entry: "custody.lost",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			ctx := context.Background()
			dev := "L-" + sess.Actor().Name
			if err := fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}); err != nil {
				t.Fatal(err)
			}
			if err := fx.Root.AddDevice(ctx, store.Device{Serial: dev, Officer: "1001"}); err != nil {
				t.Fatal(err)
			}
			return func() error { return custody.ReportLost(ctx, sess, dev, "lost on patrol") }
		}},
	{action: "custody.read", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleSupervisor, store.RoleLeader, store.RoleLegal, store.RoleAdmin},
		entry: "custody.read", quiet: []store.Role{store.RoleWorkstation},
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := custody.Custody(context.Background(), sess, custody.CustodyFilter{})
				return err
			}
		}},
	{action: "notrecorded.file", allowed: []store.Role{store.RoleOfficer}, entry: "notrecorded.file",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := followups.FileNotRecorded(context.Background(), sess, followups.NotRecorded{Day: "2025-03-01", Place: "p", Category: "inspection", Reason: "emergency", Basis: "b", Text: "t"})
				return err
			}
		}},
	{action: "notrecorded.ack", allowed: []store.Role{store.RoleLeader}, entry: "notrecorded.ack",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			n, err := followups.FileNotRecorded(context.Background(), fx.As[store.RoleOfficer], followups.NotRecorded{Day: "2025-03-01", Place: "p", Category: "inspection", Reason: "objective", Basis: "b", Text: "t"})
			if err != nil {
				t.Fatal(err)
			}
			return func() error { return followups.AckNotRecorded(context.Background(), sess, n.ID, "seen") }
		}},
	{action: "notrecorded.read", allowed: []store.Role{store.RoleOfficer, store.RoleLeader, store.RoleSupervisor}, entry: "notrecorded.read",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := followups.NotRecordedRecords(context.Background(), sess, followups.NotRecordedFilter{})
				return err
			}
		}},
	{action: "openitems.read", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleOfficer, store.RoleCustodian, store.RoleSupervisor, store.RoleLeader, store.RoleAdmin},
		entry: "openitems.read", quiet: []store.Role{store.RoleWorkstation},
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := followups.OpenItems(context.Background(), sess, followups.OpenItemFilter{})
				return err
			}
		}},
	{action: "openitem.answer", allowed: []store.Role{store.RoleCustodian, store.RoleAdmin}, entry: "openitem.answer",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return followups.AnswerItem(context.Background(), sess, followups.ItemImport, "imp-1", "re-docked by hand")
			}
		}},
	{action: "supervision.read", allowed: []store.Role{store.RoleSupervisor, store.RoleLeader}, entry: "supervision.read",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := followups.DashboardFor(context.Background(), sess, followups.Period{From: "2025-03-01", To: "2025-03-31"})
				return err
			}
		}},
	// Cases, retention, purge, integrity checks, backup and space (store/cases.go,
	// Query.go, purge.go, check.go, backup.go, space.go).
	{action: "case.manage", allowed: []store.Role{store.RoleCustodian}, entry: "case.add",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return retention.AddCase(context.Background(), sess, retention.Case{Number: "P-" + sess.Actor().Name, Name: "case", Retention: retention.Retention{Years: 2}})
			}
		}},
	{action: "case.read", allowed: users, entry: "",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := retention.Cases(context.Background(), sess, ""); return err }
		}},
	{action: "retention.read", allowed: []store.Role{store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor, store.RoleAdmin}, entry: "retention.list",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := retention.List(context.Background(), sess, retention.RetentionFilter{Expired: true})
				return err
			}
		}},
	{action: "retention.configure", allowed: []store.Role{store.RoleAdmin}, entry: "retention.policy",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { return retention.SetRetentionYears(context.Background(), sess, 2, "bureau decision") }
		}},
	{action: "purge.request", allowed: []store.Role{store.RoleCustodian}, entry: "purge.request",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			rec := storetest.ExpiredRecording(t, fx, "to purge, asked by "+sess.Actor().Name)
			return func() error {
				_, err := retention.RequestPurge(context.Background(), sess, []string{rec.ID}, "retention ended")
				return err
			}
		}},
	{action: "purge.decide", allowed: []store.Role{store.RoleLeader}, entry: "purge.approve",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			rec := storetest.ExpiredRecording(t, fx, "to purge, decided by "+sess.Actor().Name)
			r, err := retention.RequestPurge(context.Background(), fx.Keep, []string{rec.ID}, "retention ended")
			if err != nil {
				t.Fatal(err)
			}
			return func() error {
				_, err := retention.DecidePurge(context.Background(), sess, r.ID, true, "ok")
				return err
			}
		}},
	{action: "purge.read", allowed: []store.Role{store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor, store.RoleAdmin}, entry: "",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := retention.PurgeRequests(context.Background(), sess, false); return err }
		}},
	{action: "integrity.check", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleSupervisor, store.RoleAdmin}, entry: "check.finish",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := safekeeping.RunCheck(context.Background(), sess, safekeeping.CheckOptions{Rate: -1})
				return err
			}
		}},
	{action: "integrity.read", allowed: storetest.AllRoles, entry: "",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := safekeeping.OpenProblems(context.Background(), sess); return err }
		}},
	{action: "integrity.acknowledge", allowed: []store.Role{store.RoleCustodian}, entry: "integrity.acknowledge",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			rec := storetest.ImportAs(t, fx.St, "to lose, for "+sess.Actor().Name, "LOST.MP4", "1001")
			os.Chmod(fx.St.Archive().Path(rec.SHA256), 0o644)
			os.Remove(fx.St.Archive().Path(rec.SHA256))
			if _, err := safekeeping.RunCheck(context.Background(), fx.St.Workstation(), safekeeping.CheckOptions{Rate: -1}); err != nil {
				t.Fatal(err)
			}
			open, err := safekeeping.OpenProblems(context.Background(), fx.Keep)
			if err != nil || len(open) == 0 {
				t.Fatalf("open problems: %v %v", open, err)
			}
			return func() error {
				return safekeeping.Acknowledge(context.Background(), sess, open[len(open)-1].ID, "restored")
			}
		}},
	{action: "backup", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleAdmin}, entry: "backup",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				_, err := safekeeping.Backup(context.Background(), sess, t.TempDir(), safekeeping.BackupOptions{})
				return err
			}
		}},
	{action: "backup.configure", allowed: []store.Role{store.RoleAdmin}, entry: "backup.configure",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { return safekeeping.SetBackupTarget(context.Background(), sess, t.TempDir(), 0) }
		}},
	{action: "space.read", allowed: storetest.AllRoles, entry: "",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := safekeeping.SpaceOf(context.Background(), sess); return err }
		}},
	// Evidence exports (store/exports.go).
	{action: "export", allowed: []store.Role{store.RoleCustodian}, entry: "export.begin",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			r := fx.Approved(t, fx.O2, fx.Boss, access.PurposeExtraction, fx.Rec.ID)
			return func() error {
				run, err := access.BeginExport(context.Background(), sess, storetest.ExportSpecFor(t, r.ID))
				if err != nil {
					return err
				}
				return run.Fail(context.Background(), "permission test")
			}
		}},
	{action: "export.read", allowed: []store.Role{store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor}, entry: "export.list",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := access.Exports(context.Background(), sess, access.ExportFilter{}); return err }
		}},
}

func TestPermissionTableIsComplete(t *testing.T) {
	inTable := map[store.Action]bool{}
	for _, c := range permissionTable {
		if inTable[c.action] {
			t.Errorf("%s is in the table twice", c.action)
		}
		inTable[c.action] = true
		if store.PermittedRoles(c.action) == nil {
			t.Errorf("%s is in the table but no code permits it", c.action)
		}
	}
	var missing []store.Action
	for _, a := range store.Actions() {
		if !inTable[a] {
			missing = append(missing, a)
		}
	}
	slices.Sort(missing)
	for _, a := range missing {
		t.Errorf("action %q is permitted to %v but has no row in permissionTable: decide its roles there", a, store.PermittedRoles(a))
	}
}

// Every action × every role: permitted ones succeed and write their entry;
// the others fail with ErrRefused and a "refused" entry naming the action.
func TestPermissionMatrix(t *testing.T) {
	for _, c := range permissionTable {
		t.Run(string(c.action), func(t *testing.T) {
			if c.run == nil {
				fx := &storetest.Fixture{As: map[store.Role]*store.Session{}}
				for _, r := range storetest.AllRoles {
					fx.As[r] = store.SessionAs(store.Actor{Name: "x", Roles: []store.Role{r}})
					if got, want := fx.As[r].May(c.action), slices.Contains(c.allowed, r); got != want {
						t.Errorf("%s may %s: %v, want %v", r, c.action, got, want)
					}
				}
				return
			}
			fx := storetest.New(t)
			for _, role := range storetest.AllRoles {
				sess := fx.As[role]
				call := c.run(t, fx, sess)
				before := storetest.LedgerSize(t, fx.St)
				err := call()
				entries := storetest.EntriesSince(t, fx.St, before)
				actor := sess.Actor().LedgerName()
				if slices.Contains(c.allowed, role) {
					if err != nil {
						t.Errorf("%s: %v, want it allowed", role, err)
						continue
					}
					if c.entry != "" && !slices.Contains(c.quiet, role) && !storetest.HasEntry(entries, actor, c.entry) {
						t.Errorf("%s: allowed without a %q entry: %v", role, c.entry, entries)
					}
					continue
				}
				if !errors.Is(err, store.ErrRefused) {
					t.Errorf("%s: got %v, want ErrRefused", role, err)
				}
				if _, ok := storetest.Refusal(entries, actor, c.action); !ok {
					t.Errorf("%s: refused without a refusal entry for %s: %v", role, c.action, entries)
				}
			}
		})
	}
}

func init() {
	permissionTable = append(permissionTable, permCase{action: "settings.change", allowed: []store.Role{store.RoleAdmin}, entry: "settings.change",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { return sess.RecordSetting(context.Background(), "gap_threshold_s", 60, 90) }
		}})
}

// The permissions of issue 17's actions, beside the table of the rest.
func init() {
	permissionTable = append(permissionTable, permCase{action: "checkpoint",
		allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleLegal, store.RoleLeader, store.RoleSupervisor, store.RoleAdmin}, entry: "checkpoint",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, _, err := safekeeping.Checkpoint(context.Background(), sess, "test"); return err }
		}}, permCase{action: "replicate", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleAdmin},
		// The plan is read as the first step of a run, whose one entry
		// ("replicate") the replicate package writes when it ends.
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error { _, err := safekeeping.ReplicationPlan(context.Background(), sess); return err }
		}}, permCase{action: "replicate.configure", allowed: []store.Role{store.RoleAdmin}, entry: "replicate.configure",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			return func() error {
				return safekeeping.SetReplicationTarget(context.Background(), sess, safekeeping.ReplicationTarget{Endpoint: "http://127.0.0.1:9", Bucket: "b"})
			}
		}})
}

func init() {
	permissionTable = append(permissionTable, permCase{action: "export.release", allowed: []store.Role{store.RoleCustodian}, entry: "export.release",
		run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
			id := storetest.CompletedExport(t, fx, fx.Rec.ID)
			return func() error {
				return access.ReleaseExport(context.Background(), sess, id, "case closed, disc returned")
			}
		}})
}

func init() {
	permissionTable = append(permissionTable,
		permCase{action: "settings.read", allowed: storetest.AllRoles, entry: "",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				return func() error { _, err := sess.SettingList(context.Background()); return err }
			}})
}
