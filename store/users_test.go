package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/store"
)

func TestInitAdminOnlyOnce(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	if has, err := st.HasUsers(ctx); err != nil || has {
		t.Fatalf("new store has users: %v %v", has, err)
	}
	if _, err := st.InitAdmin(ctx, "root", "", "short"); !errors.Is(err, store.ErrWeakPassword) {
		t.Fatalf("weak password: %v", err)
	}
	if _, err := st.InitAdmin(ctx, "root", "管理员", storetest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := st.InitAdmin(ctx, "root2", "", storetest.Password); !errors.Is(err, store.ErrSetUp) {
		t.Fatalf("second InitAdmin: %v", err)
	}
	if has, _ := st.HasUsers(ctx); !has {
		t.Fatal("no users after InitAdmin")
	}
	sess, err := st.Login(ctx, "root", storetest.Password)
	if err != nil || !sess.Actor().Has(store.RoleAdmin) {
		t.Fatalf("login: %v %v", sess, err)
	}
	var hash string
	st.DB().QueryRow(`SELECT password FROM users WHERE name = 'root'`).Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=") || strings.Contains(hash, storetest.Password) {
		t.Fatalf("stored hash %q", hash)
	}
	// The parameters travel with the hash.
	store.SetPasswordCost(128, 2, 2)
	defer store.SetPasswordCost(64, 1, 1) // the tests' cheap cost (see access_test.go)
	if _, err := st.Login(ctx, "root", storetest.Password); err != nil {
		t.Fatalf("login after a cost change: %v", err)
	}
}

func TestLockout(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	before := storetest.LedgerSize(t, fx.St)
	for i := 1; i < store.MaxFailures; i++ {
		if _, err := fx.St.Login(ctx, "o2", "wrong"); !errors.Is(err, store.ErrBadPassword) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, err := fx.St.Login(ctx, "o2", "wrong"); !errors.Is(err, store.ErrBadPassword) {
		t.Fatalf("failure %d: %v, want the same answer", store.MaxFailures, err)
	}
	// Locked: even the right password gets the answer an unknown name gets.
	_, lockedErr := fx.St.Login(ctx, "o2", storetest.Password)
	_, unknownErr := fx.St.Login(ctx, "nobody-"+fx.Clock.T.Format("150405"), storetest.Password)
	if !errors.Is(lockedErr, store.ErrBadPassword) || strings.ReplaceAll(lockedErr.Error(), "o2", "X") != strings.ReplaceAll(unknownErr.Error(), "nobody-"+fx.Clock.T.Format("150405"), "X") {
		t.Fatalf("right password while locked: %v; unknown user: %v — they must read the same", lockedErr, unknownErr)
	}
	count := map[string]int{}
	for _, e := range storetest.EntriesSince(t, fx.St, before) {
		if e.Subject == "user:o2" {
			count[e.Action]++
		}
	}
	if count["login.failed"] != store.MaxFailures || count["user.locked"] != 1 || count["login.locked"] != 1 || count["login"] != 0 {
		t.Fatalf("ledger entries %v", count)
	}
	fx.Clock.Advance(store.LockDuration - time.Second)
	if _, err := fx.St.Login(ctx, "o2", storetest.Password); !errors.Is(err, store.ErrBadPassword) {
		t.Fatalf("a second before the end: %v", err)
	}
	fx.Clock.Advance(time.Second)
	if _, err := fx.St.Login(ctx, "o2", storetest.Password); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// The count starts again after a success.
	for i := 1; i < store.MaxFailures; i++ {
		if _, err := fx.St.Login(ctx, "o2", "wrong"); !errors.Is(err, store.ErrBadPassword) {
			t.Fatalf("failure %d after unlock: %v", i, err)
		}
	}
	if _, err := fx.St.Login(ctx, "o2", storetest.Password); err != nil {
		t.Fatalf("the right password on the last guess: %v", err)
	}
	// Unknown names fail like wrong passwords, and are logged.
	before = storetest.LedgerSize(t, fx.St)
	if _, err := fx.St.Login(ctx, "nobody", "x"); !errors.Is(err, store.ErrBadPassword) {
		t.Fatalf("unknown user: %v", err)
	}
	if !storetest.HasEntry(storetest.EntriesSince(t, fx.St, before), "workstation", "login.failed") {
		t.Fatal("unknown user's attempt not in the ledger")
	}
}

func TestDisabledUserKeepsHistory(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	req, err := access.RequestView(ctx, fx.O2, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeCase, Reason: "before leaving"})
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.Root.DisableUser(ctx, "o2", "transferred"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.St.Login(ctx, "o2", storetest.Password); !errors.Is(err, store.ErrDisabled) {
		t.Fatalf("disabled login: %v", err)
	}
	if _, err := fx.St.Login(ctx, "o2", "wrong"); !errors.Is(err, store.ErrBadPassword) {
		t.Fatalf("disabled, wrong password: %v", err)
	}
	users, err := fx.Root.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range users {
		if u.Name == "o2" {
			found = u.Disabled && u.OfficerID == "1002"
		}
	}
	if !found {
		t.Fatal("disabled user missing from the list")
	}
	if got, _ := access.Requests(ctx, fx.Keep, access.RequestFilter{ID: req.ID}); len(got) != 1 || got[0].Requester != "o2" {
		t.Fatalf("request of the disabled user: %+v", got)
	}
	if e, _ := fx.St.QueryLedger(ctx, ledger.Filter{Actor: "user:o2"}); len(e) == 0 {
		t.Fatal("history of the disabled user is gone")
	}
	if err := fx.Root.DisableUser(ctx, "r_admin", "x"); err != nil {
		t.Fatal(err)
	}
	if err := fx.Root.DisableUser(ctx, "root", "x"); !errors.Is(err, store.ErrLastAdmin) {
		t.Fatalf("disabling the last administrator: %v", err)
	}
	if err := fx.Root.EnableUser(ctx, "o2", "back"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.St.Login(ctx, "o2", storetest.Password); err != nil {
		t.Fatalf("re-enabled login: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	if err := fx.O2.ChangePassword(ctx, "o2", "wrong old", "new password"); !errors.Is(err, store.ErrBadPassword) {
		t.Fatalf("wrong old password: %v", err)
	}
	if err := fx.O2.ChangePassword(ctx, "o2", storetest.Password, "short"); !errors.Is(err, store.ErrWeakPassword) {
		t.Fatalf("weak new password: %v", err)
	}
	if err := fx.O2.ChangePassword(ctx, "o2", storetest.Password, "new password"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.St.Login(ctx, "o2", storetest.Password); !errors.Is(err, store.ErrBadPassword) {
		t.Fatalf("old password still works: %v", err)
	}
	if _, err := fx.St.Login(ctx, "o2", "new password"); err != nil {
		t.Fatal(err)
	}
	if err := fx.O2.ChangePassword(ctx, "boss", "", "taken over"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("officer reset another's password: %v", err)
	}
	if err := fx.Root.ChangePassword(ctx, "o2", "", "reset password"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.St.Login(ctx, "o2", "reset password"); err != nil {
		t.Fatal(err)
	}
}

// Quotes, SQL and control characters in every text field are stored as
// given and do nothing else.
func TestHostileTextInAccessRecords(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	hostile := "x'); DROP TABLE users; --\"\x00\x1b[31m\r\n张三"
	name := `o'brien";--`
	if err := fx.Root.AddUser(ctx, store.NewUser{Name: name, Display: hostile, Roles: []store.Role{store.RoleOfficer}, Password: hostile}); err != nil {
		t.Fatal(err)
	}
	if err := fx.Root.AddUser(ctx, store.NewUser{Name: "a b", Roles: []store.Role{store.RoleOfficer}, Password: storetest.Password}); !errors.Is(err, store.ErrInvalidUser) {
		t.Fatalf("name with a space: %v", err)
	}
	sess, err := fx.St.Login(ctx, name, hostile)
	if err != nil {
		t.Fatal(err)
	}
	req, err := access.RequestView(ctx, sess, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeReview, Reason: hostile})
	if err != nil {
		t.Fatal(err)
	}
	if req, err = access.Decide(ctx, fx.Boss, req.ID, access.Decision{Approve: true, Note: hostile}); err != nil || req.Reason != hostile || req.Note != hostile {
		t.Fatalf("request %+v %v", req, err)
	}
	if _, err := access.RegisterViewing(ctx, fx.Keep, access.ViewingEntry{RequestID: req.ID, RecordingID: fx.Rec.ID, Viewer: hostile, Reason: hostile}); err != nil {
		t.Fatal(err)
	}
	reg, err := access.Register(ctx, fx.Keep, access.RegisterFilter{})
	if err != nil || len(reg) != 1 || reg[0].Viewer != hostile || reg[0].Reason != hostile {
		t.Fatalf("register %+v %v", reg, err)
	}
	if err := fx.Keep.Classify(ctx, fx.Rec.ID, store.Privacy, hostile); err != nil {
		t.Fatal(err)
	}
	users, err := fx.Root.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, u := range users {
		ok = ok || (u.Name == name && u.Display == hostile)
	}
	if !ok {
		t.Fatal("hostile display name not stored verbatim")
	}
	if p := storetest.VerifyProblems(t, fx.St); len(p) != 0 {
		t.Fatal(p)
	}
}

// Guessing in parallel gets no more guesses: 30 logins at once, each
// through its own connection to the data folder as separate processes
// would, check at most MaxFailures passwords, and the account is locked
// afterwards even for the right one.
func TestLockoutHoldsInParallel(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	before := storetest.LedgerSize(t, fx.St)
	const n = 30
	errs := make(chan error, n)
	start := make(chan struct{})
	for i := range n {
		st, err := store.Open(fx.St.Dir())
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		st.Now = fx.Clock.Now
		go func() {
			<-start
			_, err := st.Login(ctx, "o2", fmt.Sprintf("guess %d", i))
			errs <- err
		}()
	}
	close(start)
	for range n {
		if err := <-errs; !errors.Is(err, store.ErrBadPassword) {
			t.Fatalf("a guess: %v", err)
		}
	}
	checked := 0
	for _, e := range storetest.EntriesSince(t, fx.St, before) {
		if e.Action == "login.failed" && strings.Contains(string(e.Details), "wrong password") {
			checked++
		}
	}
	if checked > store.MaxFailures {
		t.Fatalf("%d passwords were checked in parallel, want at most %d", checked, store.MaxFailures)
	}
	if _, err := fx.St.Login(ctx, "o2", storetest.Password); !errors.Is(err, store.ErrBadPassword) {
		t.Fatalf("the right password after %d parallel guesses: %v, want the account locked", n, err)
	}
}
