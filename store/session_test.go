package store_test

import (
	"context"
	"errors"
	"testing"

	"evidock/internal/storetest"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

// The set-up session loses its powers the moment the first user exists,
// even when it was taken before.
func TestSetupSessionEndsWithFirstUser(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	setup, err := st.Setup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := setup.AddOfficer(ctx, store.Officer{Number: "A1", Name: "张三"}); err != nil {
		t.Fatalf("before init: %v", err)
	}
	if _, err := st.InitAdmin(ctx, "admin", "", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if err := setup.AddOfficer(ctx, store.Officer{Number: "A2", Name: "李四"}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("setup session after init: %v, want refused", err)
	}
	if _, err := st.Setup(ctx); !errors.Is(err, store.ErrSetUp) {
		t.Fatalf("new setup session after init: %v", err)
	}
	var n int
	st.DB().QueryRow(`SELECT count(*) FROM ledger WHERE action = 'refused' AND actor = 'setup'`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d refusals of the setup session in the ledger", n)
	}
}

// A logged-in session acts with the roles its user has now: disabling the
// user or taking a role away takes effect on sessions already open.
func TestOpenSessionFollowsRoleChanges(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	admin, err := st.InitAdmin(ctx, "admin", "", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	pw := "staple battery horse"
	if err := admin.AddUser(ctx, store.NewUser{Name: "keeper", Roles: []store.Role{store.RoleCustodian, store.RoleSupervisor}, Password: pw}); err != nil {
		t.Fatal(err)
	}
	keeper, err := st.Login(ctx, "keeper", pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := keeper.AddDevice(ctx, store.Device{Serial: "D1"}); err != nil {
		t.Fatalf("custodian adding a device: %v", err)
	}
	if err := admin.SetRoles(ctx, "keeper", []store.Role{store.RoleSupervisor}); err != nil {
		t.Fatal(err)
	}
	if err := keeper.AddDevice(ctx, store.Device{Serial: "D2"}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("after losing the custodian role: %v, want refused", err)
	}
	if _, err := safekeeping.Verify(ctx, keeper, nil); err != nil {
		t.Fatalf("supervisor verify: %v", err)
	}
	if err := admin.DisableUser(ctx, "keeper", "left the bureau"); err != nil {
		t.Fatal(err)
	}
	if _, err := safekeeping.Verify(ctx, keeper, nil); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("disabled user's open session: %v, want refused", err)
	}
}

// Two recorders without a serial can both have a DCIM/REC001.WAV of the
// same size and time; the second must not be taken as already imported.
func TestSeenNeedsADeviceSerial(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	storetest.ImportOne(t, st, "first recorder's clip", "REC001.WAV") // device DEV1
	for _, tc := range []struct {
		device string
		want   bool
	}{{"DEV1", true}, {"", false}} {
		run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "x", DeviceID: tc.device})
		if err != nil {
			t.Fatal(err)
		}
		var size int64
		var ft int64
		st.DB().QueryRow(`SELECT size, file_time FROM sightings LIMIT 1`).Scan(&size, &ft)
		seen, err := run.Seen(ctx, "DCIM/REC001.WAV", size, store.FromMS(ft))
		if err != nil || seen != tc.want {
			t.Errorf("device %q: seen = %v, %v; want %v", tc.device, seen, err, tc.want)
		}
		run.Finish(ctx, records.Summary{Status: store.StatusComplete})
	}
}
