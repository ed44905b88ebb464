package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/followups"
	"evidock/internal/pdfcheck"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

type closingBuffer struct {
	bytes.Buffer
	closed bool
}

func (b *closingBuffer) Close() error { b.closed = true; return nil }

// The work records screen has a 打印 button; the form it prints is the
// work record of Art. 7 as a PDF, and the print is in the ledger. The
// custodian's checkout form prints the announcement card of Art. 8.
func TestPrintButtons(t *testing.T) {
	ui, st := newTestUI(t)
	login(t, ui)
	ctx := context.Background()
	admin := ui.Session()
	if err := admin.AddOfficer(ctx, store.Officer{Number: "J7", Name: "甲"}); err != nil {
		t.Fatal(err)
	}
	jia := addUser(t, admin, "jia", "J7", store.RoleOfficer)
	n, err := followups.FileNotRecorded(ctx, jia, followups.NotRecorded{Day: "2025-03-05", Place: "江源区某网吧", Category: "inspection",
		Reason: "emergency", Basis: "第七条第二项", Text: "群众聚集，情况紧急，未能开机"})
	if err != nil {
		t.Fatal(err)
	}
	ui.SetSession(jia)
	openArea(t, ui, i18n.T("sv.tab_officer"), i18n.T("nr.tab"))
	nv := ui.notRec
	pump(t, ui, func() bool { return len(nv.Recs) == 1 })
	nv.Table.Select(0)
	findButton(t, ui, i18n.T("pr.print"))

	var buf closingBuffer
	if err := ui.PrintForm(ctx, &buf, shell.NotRecordedForm(n.ID)); err != nil {
		t.Fatal(err)
	}
	if !buf.closed {
		t.Error("the file was not closed")
	}
	pdfcheck.Check(t, "app-not-recorded.pdf", buf.Bytes()).Contains(t, "未进行现场执法记录工作记录", "甲（J7）", "情况紧急，不能进行执法记录", "江源区某网吧")
	es, err := records.Ledger(ctx, st.Workstation(), ledger.Filter{ActionPrefix: "form.print"})
	if err != nil || len(es) != 1 || es[0].Actor != "user:jia" || es[0].Subject != "notrecorded:1" {
		t.Fatalf("print entries %+v %v", es, err)
	}

	ui.SetSession(addUser(t, admin, "keeper", "", store.RoleCustodian))
	openArea(t, ui, i18n.T("sv.tab_officer"), i18n.T("cu.tab"))
	findButton(t, ui, i18n.T("pr.card"))
	var card closingBuffer
	if err := ui.PrintForm(ctx, &card, shell.CardForm("J7")); err != nil {
		t.Fatal(err)
	}
	if doc := pdfcheck.Check(t, "app-card.pdf", card.Bytes()); !strings.Contains(pdfcheck.Flat(doc.Text), "执法人员甲，为保护您的合法权益") {
		t.Errorf("card text:\n%s", doc.Text)
	}
	ui.SetSession(jia)
	var none closingBuffer
	if err := ui.PrintForm(ctx, &none, shell.NotRecordedForm(99)); err == nil || !strings.Contains(i18n.ErrorText(err), "99") {
		t.Errorf("printing a record that does not exist: %v", err)
	}
}
