package store

import (
	"context"
	"testing"
	"time"
)

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
