package regulation

import (
	"strings"
	"testing"
)

var allLists = []List{Categories, NotRecordedGrounds, Interruptions, Classifications, Violations, Measures, Roles, Purposes, DeviceStates, PreUseChecks}

// Every word taken from the regulation is its own text, in the article and
// item it is cited from.
func TestQuotesAreVerbatim(t *testing.T) {
	parens := []string{"(%s)", "（%s）"}
	for _, l := range allLists {
		for _, term := range l.Terms {
			if term.Quote == "" {
				if term.Article != 0 {
					t.Errorf("%s %s: cites Art. %d without quoting it", l.En, term.Key, term.Article)
				}
				continue
			}
			art := Article(term.Article)
			if !strings.Contains(art, term.Quote) {
				t.Errorf("%s %s: %q is not in 第%s条", l.En, term.Key, term.Quote, Numeral(term.Article))
				continue
			}
			if term.Item == 0 {
				continue
			}
			found := false
			for _, line := range strings.Split(art, "\n") {
				for _, p := range parens {
					mark := strings.Replace(p, "%s", Numeral(term.Item), 1)
					if strings.Contains(line, mark) && strings.Contains(line, term.Quote) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%s %s: %q is not item %s of 第%s条", l.En, term.Key, term.Quote, Numeral(term.Item), Numeral(term.Article))
			}
		}
	}
}

// The lists the issue names carry exactly the regulation's words, in order.
func TestTheRegulationsWords(t *testing.T) {
	for _, tc := range []struct {
		l    List
		want string
	}{
		{Categories, "日常执法检查;处置各类投诉、举报案件;调查取证、先行登记保存;证据、执法文书送达;实施行政强制措施;其他现场执法办案活动"},
		{Interruptions, "设备故障、损坏;天气情况恶劣;电量不足;存储空间不足;检查场所变化;其他客观原因"},
		{Measures, "书面检查;全局通报批评;停止执法工作一个月;取消当年评优评先资格;行政处分"},
		{DeviceStates, "在用;维修;报废;遗失"},
	} {
		var got []string
		for _, term := range tc.l.Terms {
			got = append(got, term.Zh)
		}
		if g := strings.Join(got, ";"); g != tc.want {
			t.Errorf("%s: %s, want %s", tc.l.En, g, tc.want)
		}
	}
	if n := len(NotRecordedGrounds.Terms); n != 3 {
		t.Errorf("Art. 7 has 3 grounds, the list %d", n)
	}
	if n := len(Violations.Terms); n != 8 {
		t.Errorf("Art. 20 has 8 items, the list %d", n)
	}
}

// No two terms of a list share a key or a word, so Parse is unambiguous,
// and every term has all its words.
func TestWordsUnique(t *testing.T) {
	for _, l := range allLists {
		seen := map[string]string{}
		for _, term := range l.Terms {
			if term.Key == "" || term.Zh == "" || term.En == "" {
				t.Errorf("%s: incomplete term %+v", l.En, term)
			}
			for _, w := range []string{term.Key, term.Zh, strings.ToLower(term.En), term.Quote} {
				if w == "" {
					continue
				}
				if other, ok := seen[w]; ok && other != term.Key {
					t.Errorf("%s: %q is both %s and %s", l.En, w, other, term.Key)
				}
				seen[w] = term.Key
			}
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		l       List
		in, key string
	}{
		{Categories, "inspection", "inspection"},
		{Categories, "日常执法检查", "inspection"},
		{Categories, " 调查取证、先行登记保存 ", "investigation"},
		{Categories, "调查取证活动、先行登记保存", "investigation"},
		{Categories, "routine enforcement INSPECTION", "inspection"},
		{Interruptions, "电量不足", "battery"},
		{Interruptions, "battery", "battery"},
		{Interruptions, "其他客观原因", "other"},
		{NotRecordedGrounds, "情况紧急，不能进行执法记录", "emergency"},
		{NotRecordedGrounds, "情况紧急, 不能进行执法记录", "emergency"},
		{Measures, "停止执法工作一个月", "suspension"},
		{Measures, "给予责任人行政处分", "sanction"},
		{DeviceStates, "维修", "repair"},
		{Violations, "擅自借给其他人员使用", "lent"},
	} {
		got, err := tc.l.Parse(tc.in)
		if err != nil || got != tc.key {
			t.Errorf("%s.Parse(%q) = %q, %v; want %q", tc.l.En, tc.in, got, err, tc.key)
		}
	}
	for _, bad := range []string{"", "  ", "日常检查", "Inspection!", "INSPECTION2"} {
		if got, err := Categories.Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %q, want an error", bad, got)
		} else if !strings.Contains(err.Error(), "日常执法检查") || !strings.Contains(err.Error(), "inspection") {
			t.Errorf("the error does not list the choices in both forms: %v", err)
		}
	}
}

func TestNumeralsAndArticles(t *testing.T) {
	for n, want := range map[int]string{1: "一", 7: "七", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 23: "二十三"} {
		if got := Numeral(n); got != want {
			t.Errorf("Numeral(%d) = %q, want %q", n, got, want)
		}
	}
	if a := Article(8); !strings.HasPrefix(a, "第八条 ") || !strings.Contains(a, AnnouncementQuote) || strings.Contains(a, "第九条") {
		t.Errorf("Article(8) = %q", a)
	}
	if a := Article(21); !strings.Contains(a, "（五）情况严重的") {
		t.Errorf("Article(21) lacks its last item: %q", a)
	}
	if a := Article(22); a != "" {
		t.Errorf("the regulation has no 第二十二条, got %q", a)
	}
	if got := (Term{Article: 20, Item: 2}).Cite(); got != "第二十条第（二）项" {
		t.Errorf("Cite = %q", got)
	}
}

// The announcement with names is the regulation's sentence with the names
// in place of ×××、×××, in the full-width punctuation of printed Chinese.
func TestAnnouncement(t *testing.T) {
	got := Announcement("张三", "李四")
	want := strings.NewReplacer(", ", "，", "×××、×××", "张三、李四").Replace(AnnouncementQuote)
	if got != want {
		t.Errorf("Announcement = %q, want %q", got, want)
	}
	if Announcement() != strings.ReplaceAll(AnnouncementQuote, ", ", "，") {
		t.Errorf("without names: %q", Announcement())
	}
	if !strings.Contains(AnnouncementEn("Zhang San", "Li Si"), "Zhang San and Li Si") {
		t.Error("English announcement lacks the names")
	}
}

// Parse takes words typed on a command line; whatever it is given, it
// either names a term of the list or refuses, and a key parses to itself.
func FuzzParse(f *testing.F) {
	for _, l := range allLists {
		for _, term := range l.Terms {
			f.Add(term.Key)
			f.Add(term.Zh)
			f.Add(term.En)
		}
	}
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range allLists {
			key, err := l.Parse(s)
			if err != nil {
				continue
			}
			if _, ok := l.Term(key); !ok {
				t.Fatalf("%s.Parse(%q) = %q, not a key of the list", l.En, s, key)
			}
			if again, err := l.Parse(key); err != nil || again != key {
				t.Fatalf("%s.Parse(%q) = %q, %v", l.En, key, again, err)
			}
		}
	})
}
