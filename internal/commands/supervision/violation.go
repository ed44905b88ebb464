package supervision

import (
	"context"
	"fmt"
	"io"
	"strings"

	"evidock/custody"
	"evidock/internal/cli"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "violation", Help: "violation.help"},
		cli.Command{Name: "violation list", Help: "violation.list.help", Who: cli.UserOnly, Needs: store.ActViolationRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var filter custody.ViolationFilter
				f.StringVar(&filter.Status, "status", "", "violation.list.status")
				f.BoolVar(&filter.Open, "open", false, "violation.list.open")
				f.StringVar(&filter.Officer, "officer", "", "flag.only_officer")
				return func(ctx context.Context, x *cli.Call) error { return violationList(x, ctx, filter) }
			}},
		cli.Command{Name: "violation open", Args: "ID", Help: "violation.open.help", Who: cli.UserOnly, Needs: store.ActViolationOpen,
			Flags: func(f *cli.Flags) cli.RunFunc { return violationStep(f, "open") }},
		cli.Command{Name: "violation decide", Args: "ID", Help: "violation.decide.help", Who: cli.UserOnly, Needs: store.ActViolationDecide,
			Flags: func(f *cli.Flags) cli.RunFunc { return violationStep(f, "decide") }},
		cli.Command{Name: "violation close", Args: "ID", Help: "violation.close.help", Who: cli.UserOnly, Needs: store.ActViolationClose,
			Flags: func(f *cli.Flags) cli.RunFunc { return violationStep(f, "close") }})
}

// violationRow is an entry of the register as `violation list` prints it:
// the entry with the regulation's words for its item and measures.
type violationRow struct {
	custody.Violation
	ItemText     string   `json:"item_text"`     // the Art. 20 item in the regulation's words
	ItemCite     string   `json:"item_cite"`     // 第二十条第（二）项
	MeasureTexts []string `json:"measure_texts"` // the Art. 21 measures in the regulation's words
}

func violationList(x *cli.Call, ctx context.Context, filter custody.ViolationFilter) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	if sess.May(store.ActViolationScan) {
		if _, err := custody.ScanSigns(ctx, sess); err != nil {
			return err
		}
	}
	list, err := custody.Violations(ctx, sess, filter)
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
	return cli.PrintList(x, rows, "violation.list.header", func(w io.Writer, r violationRow) {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s %s\t%s\t%s\n", r.ID, r.Status, r.RaisedAt.Local().Format("2006-01-02 15:04"),
			r.Device, r.Officer, r.ItemCite, r.ItemText, cli.OneLine(r.Detail), strings.Join(r.MeasureTexts, "、"))
	})
}

// violationStep is `violation open|decide|close ID`.
func violationStep(f *cli.Flags, verb string) cli.RunFunc {
	note := f.String("note", "", "violation.note")
	var measure *string
	if verb == "decide" {
		measure = f.String("measure", "", "violation.decide.measure", regulation.Measures.Choices())
		f.Require("measure")
	} else {
		f.Require("note")
	}
	return func(ctx context.Context, x *cli.Call) error {
		id, err := x.ID(0)
		if err != nil {
			return err
		}
		var measures []string
		if measure != nil {
			if measures, err = x.Words(regulation.Measures, "measure", *measure); err != nil {
				return err
			}
		}
		sess, err := x.Session(ctx)
		if err != nil {
			return err
		}
		switch verb {
		case "open":
			err = custody.OpenViolation(ctx, sess, id, *note)
		case "decide":
			err = custody.DecideViolation(ctx, sess, id, measures, *note)
		default:
			err = custody.CloseViolation(ctx, sess, id, *note)
		}
		if err != nil {
			return err
		}
		x.Done("violation."+verb+".done", id)
		return nil
	}
}
