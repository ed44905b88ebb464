package store_test

import (
	"context"
	"testing"
	"time"

	"evidock/custody"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

// The decided permissions of the equipment's, the violation register's and
// the printed forms' actions (equipment.go, violations.go, prints.go), in
// permissionTable.
func init() {
	ctx := context.Background()
	device := func(t *testing.T, fx *storetest.Fixture, prefix string, sess *store.Session) string {
		serial := prefix + "-" + sess.Actor().Name
		if err := fx.Root.AddDevice(ctx, store.Device{Serial: serial}); err != nil {
			t.Fatal(err)
		}
		return serial
	}
	// raised is a raised sign of its own per session: a recorder lost.
	raised := func(t *testing.T, fx *storetest.Fixture, sess *store.Session) int64 {
		serial := device(t, fx, "V", sess)
		storetest.Must(t, custody.ReportLost(ctx, fx.Keep, serial, "遗失"))
		_, err := custody.ScanSigns(ctx, fx.As[store.RoleSupervisor])
		storetest.Must(t, err)
		vs, err := custody.Violations(ctx, fx.Boss, custody.ViolationFilter{})
		storetest.Must(t, err)
		for _, v := range vs {
			if v.Device == serial {
				return v.ID
			}
		}
		t.Fatalf("no sign for %s", serial)
		return 0
	}
	permissionTable = append(permissionTable,
		permCase{action: "device.state", allowed: []store.Role{store.RoleCustodian, store.RoleAdmin}, entry: "device.state",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				serial := device(t, fx, "ST", sess)
				return func() error { return custody.SetDeviceState(ctx, sess, serial, custody.StateRepair, "送修") }
			}},
		permCase{action: "device.clock_fix", allowed: []store.Role{store.RoleCustodian, store.RoleAdmin}, entry: "device.clock_fix",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				serial := device(t, fx, "CK", sess)
				storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: serial, ClockOffset: 10 * time.Minute, ClockMeasured: true}, nil)
				return func() error { return custody.CorrectClock(ctx, sess, serial, "已校时") }
			}},
		permCase{action: "preuse.read", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleCustodian, store.RoleSupervisor, store.RoleLeader, store.RoleAdmin},
			entry: "preuse.read", quiet: []store.Role{store.RoleWorkstation},
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				return func() error { _, err := custody.PreUseChecks(ctx, sess, custody.PreUseFilter{}); return err }
			}},
		permCase{action: "preuse.ack", allowed: []store.Role{store.RoleSupervisor, store.RoleLeader, store.RoleCustodian}, entry: "preuse.ack",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				serial := device(t, fx, "PU", sess)
				storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}))
				_, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: serial, Officer: "1001", Check: &custody.PreUseCheck{}})
				storetest.Must(t, err)
				checks, err := custody.PreUseChecks(ctx, fx.Keep, custody.PreUseFilter{Device: serial})
				storetest.Must(t, err)
				return func() error { return custody.AckPreUse(ctx, sess, checks[0].ID, "已处理") }
			}},
		permCase{action: "violation.scan", allowed: []store.Role{store.RoleWorkstation, store.RoleService, store.RoleSupervisor, store.RoleLeader}, entry: "",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				return func() error { _, err := custody.ScanSigns(ctx, sess); return err }
			}},
		permCase{action: "violation.read", allowed: []store.Role{store.RoleSupervisor, store.RoleLeader, store.RoleLegal, store.RoleOfficer}, entry: "violation.read",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				return func() error { _, err := custody.Violations(ctx, sess, custody.ViolationFilter{}); return err }
			}},
		permCase{action: "violation.open", allowed: []store.Role{store.RoleSupervisor, store.RoleLeader}, entry: "violation.open",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				id := raised(t, fx, sess)
				return func() error { return custody.OpenViolation(ctx, sess, id, "核查") }
			}},
		permCase{action: "violation.decide", allowed: []store.Role{store.RoleLeader}, entry: "violation.decide",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				id := raised(t, fx, sess)
				storetest.Must(t, custody.OpenViolation(ctx, fx.Boss, id, "核查"))
				return func() error { return custody.DecideViolation(ctx, sess, id, []string{"书面检查"}, "决定") }
			}},
		permCase{action: "form.print", allowed: users, entry: "form.print",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				return func() error { return sess.RecordPrint(ctx, "card", "officer:1001", nil) }
			}},
		permCase{action: "violation.close", allowed: []store.Role{store.RoleSupervisor, store.RoleLeader}, entry: "violation.close",
			run: func(t *testing.T, fx *storetest.Fixture, sess *store.Session) func() error {
				id := raised(t, fx, sess)
				return func() error { return custody.CloseViolation(ctx, sess, id, "无问题") }
			}},
	)
}
