package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"evidock/regulation"
	"evidock/store"
)

// violationVerbs are the verbs of `evidock violation`; set in init.
var violationVerbs map[string]subcommand

func init() {
	violationVerbs = map[string]subcommand{
		"list": {usage: "list [--status raised|open|decided|closed] [--open] [--officer NUMBER] [--json]",
			help: "the violation register (Art. 20): signs the workstation raised for review and the cases; officers see their own",
			run:  (*Main).violationListCmd},
		"open": {usage: "open ID --note TEXT", help: "open a raised sign as a case for review (supervisor or leader)",
			run: func(m *Main, ctx context.Context, args []string) int { return m.violationStepCmd(ctx, "open", args) }},
		"decide": {usage: "decide ID --measure MEASURE[,MEASURE] [--note TEXT]",
			help: "record the measure of Art. 21 a leader decided (" + regulation.Measures.Choices() + ")",
			run:  func(m *Main, ctx context.Context, args []string) int { return m.violationStepCmd(ctx, "decide", args) }},
		"close": {usage: "close ID --note TEXT", help: "close an entry: a case decided, or a sign found to be nothing",
			run: func(m *Main, ctx context.Context, args []string) int { return m.violationStepCmd(ctx, "close", args) }},
	}
	registerVerbs("violation", "violation list|open|decide|close …",
		"the violation register (Art. 20–21): signs raised for review, never judged by the software", violationVerbs)
}

// violationRow is an entry of the register as `violation list` prints it:
// the entry with the regulation's words for its item and measures.
type violationRow struct {
	store.Violation
	ItemText     string   `json:"item_text"`     // the Art. 20 item in the regulation's words
	ItemCite     string   `json:"item_cite"`     // 第二十条第（二）项
	MeasureTexts []string `json:"measure_texts"` // the Art. 21 measures in the regulation's words
}

func (m *Main) violationListCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("violation", violationVerbs["list"])
	var f store.ViolationFilter
	fs.StringVar(&f.Status, "status", "", "only entries in this state")
	fs.BoolVar(&f.Open, "open", false, "only entries not closed")
	fs.StringVar(&f.Officer, "officer", "", "only this officer's")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if sess.May(store.ActViolationScan) {
			if _, err := sess.ScanSigns(ctx); err != nil {
				return err
			}
		}
		list, err := sess.Violations(ctx, f)
		if err != nil {
			return err
		}
		rows := make([]violationRow, len(list))
		for i, v := range list {
			term, _ := regulation.Violations.Term(v.Item)
			rows[i] = violationRow{Violation: v, ItemText: term.Zh, ItemCite: term.Cite(), MeasureTexts: []string{}}
			for _, k := range v.Measures {
				rows[i].MeasureTexts = append(rows[i].MeasureTexts, regulation.Measures.Word(k, regulation.ZH))
			}
		}
		return printList(m, *asJSON, rows, "ID\tSTATUS\tRAISED\tDEVICE\tOFFICER\tART. 20\tWHAT\tMEASURES", func(w io.Writer, r violationRow) {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s %s\t%s\t%s\n", r.ID, r.Status, r.RaisedAt.Local().Format("2006-01-02 15:04"),
				r.Device, r.Officer, r.ItemCite, r.ItemText, oneLine(r.Detail), strings.Join(r.MeasureTexts, "、"))
		})
	})
}

func (m *Main) violationStepCmd(ctx context.Context, verb string, args []string) int {
	fs := m.verbFlags("violation", violationVerbs[verb])
	note := fs.String("note", "", "why, what was found, what was decided (kept in the register and the ledger)")
	measure := fs.String("measure", "", "the measures of Art. 21, keys or words: "+regulation.Measures.Choices())
	arg, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		fs.Usage()
		return exitUsage
	}
	var measures []string
	switch {
	case verb == "decide":
		if measures, err = words(regulation.Measures, "measure", *measure); err != nil {
			return m.fail(err)
		}
		if len(measures) == 0 {
			fs.Usage()
			return exitUsage
		}
	case strings.TrimSpace(*note) == "":
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		switch verb {
		case "open":
			err = sess.OpenViolation(ctx, id, *note)
		case "decide":
			err = sess.DecideViolation(ctx, id, measures, *note)
		default:
			err = sess.CloseViolation(ctx, id, *note)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "violation %d: %s\n", id, map[string]string{"open": "opened", "decide": "decided", "close": "closed"}[verb])
		return nil
	})
}
