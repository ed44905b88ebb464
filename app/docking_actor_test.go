package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"evidock/app/i18n"
	"evidock/ingest/volume"
	"evidock/ledger"
	"evidock/store"
)

// Issue 15 §5: once the workstation has users, the window docks as the
// service account while nobody is logged in, and as the logged-in user
// when that user may import; the ledger names who docked.
func TestWindowDocksAsTheServiceAccountOrTheUser(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	admin, err := st.InitAdmin(ctx, "admin", "", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.AddUser(ctx, store.NewUser{Name: "keeper", Roles: []store.Role{store.RoleCustodian}, Password: adminPassword}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	a := test.NewTempApp(t)
	a.Preferences().SetString(i18n.PrefLanguage, i18n.LangZH)
	uctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	ui, err := New(uctx, a, st, Options{Roots: []volume.Root{{Path: root, FolderMode: true}}, OnlyRoots: true,
		PollInterval: 100 * time.Millisecond, ManualBridge: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.Close(); ui.Win.Close() })

	dockedBy := func(serial string) string {
		t.Helper()
		stage := writeVolume(t, t.TempDir(), serial, "J7")
		if err := os.Rename(stage, filepath.Join(root, serial)); err != nil {
			t.Fatal(err)
		}
		var actor string
		pump(t, ui, func() bool {
			es, err := ledger.Query(ctx, st.DB(), ledger.Filter{ActionPrefix: "import.start"})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.Subject == serial || strings.Contains(string(e.Details), serial) {
					actor = e.Actor
				}
			}
			return actor != ""
		})
		return actor
	}
	var service string
	users, err := admin.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		for _, r := range u.Roles {
			if r == store.RoleService {
				service = "user:" + u.Name
			}
		}
	}
	if service == "" {
		t.Fatal("init made no service account")
	}
	if got := dockedBy("CAM-S"); got != service {
		t.Errorf("docked with nobody logged in as %q, want the service account %q", got, service)
	}
	keeper, err := st.Login(ctx, "keeper", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	ui.SetSession(keeper)
	if got := dockedBy("CAM-K"); got != "user:keeper" {
		t.Errorf("docked with the custodian logged in as %q, want user:keeper", got)
	}
}
