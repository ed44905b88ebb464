package store

import (
	"context"
	"errors"
	"testing"
)

// The set-up session loses its powers the moment the first user exists,
// even when it was taken before.
func TestSetupSessionEndsWithFirstUser(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	setup, err := st.Setup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := setup.AddOfficer(ctx, Officer{Number: "A1", Name: "张三"}); err != nil {
		t.Fatalf("before init: %v", err)
	}
	if _, err := st.InitAdmin(ctx, "admin", "", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if err := setup.AddOfficer(ctx, Officer{Number: "A2", Name: "李四"}); !errors.Is(err, ErrRefused) {
		t.Fatalf("setup session after init: %v, want refused", err)
	}
	if _, err := st.Setup(ctx); !errors.Is(err, ErrSetUp) {
		t.Fatalf("new setup session after init: %v", err)
	}
	var n int
	st.read.QueryRow(`SELECT count(*) FROM ledger WHERE action = 'refused' AND actor = 'setup'`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d refusals of the setup session in the ledger", n)
	}
}

// A logged-in session acts with the roles its user has now: disabling the
// user or taking a role away takes effect on sessions already open.
func TestOpenSessionFollowsRoleChanges(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	admin, err := st.InitAdmin(ctx, "admin", "", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	pw := "staple battery horse"
	if err := admin.AddUser(ctx, NewUser{Name: "keeper", Roles: []Role{RoleCustodian, RoleSupervisor}, Password: pw}); err != nil {
		t.Fatal(err)
	}
	keeper, err := st.Login(ctx, "keeper", pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := keeper.AddDevice(ctx, Device{Serial: "D1"}); err != nil {
		t.Fatalf("custodian adding a device: %v", err)
	}
	if err := admin.SetRoles(ctx, "keeper", []Role{RoleSupervisor}); err != nil {
		t.Fatal(err)
	}
	if err := keeper.AddDevice(ctx, Device{Serial: "D2"}); !errors.Is(err, ErrRefused) {
		t.Fatalf("after losing the custodian role: %v, want refused", err)
	}
	if _, err := keeper.Verify(ctx, nil); err != nil {
		t.Fatalf("supervisor verify: %v", err)
	}
	if err := admin.DisableUser(ctx, "keeper", "left the bureau"); err != nil {
		t.Fatal(err)
	}
	if _, err := keeper.Verify(ctx, nil); !errors.Is(err, ErrRefused) {
		t.Fatalf("disabled user's open session: %v, want refused", err)
	}
}

// Two recorders without a serial can both have a DCIM/REC001.WAV of the
// same size and time; the second must not be taken as already imported.
func TestSeenNeedsADeviceSerial(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	importOne(t, st, "first recorder's clip", "REC001.WAV") // device DEV1
	for _, tc := range []struct {
		device string
		want   bool
	}{{"DEV1", true}, {"", false}} {
		run, err := st.Workstation().BeginImport(ctx, ImportSpec{Source: "x", DeviceID: tc.device})
		if err != nil {
			t.Fatal(err)
		}
		var size int64
		var ft int64
		st.read.QueryRow(`SELECT size, file_time FROM sightings LIMIT 1`).Scan(&size, &ft)
		seen, err := run.Seen(ctx, "DCIM/REC001.WAV", size, fromMS(ft))
		if err != nil || seen != tc.want {
			t.Errorf("device %q: seen = %v, %v; want %v", tc.device, seen, err, tc.want)
		}
		run.Finish(ctx, Summary{Status: StatusComplete})
	}
}
