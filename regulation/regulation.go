// Package regulation holds the words of the bureau's rules for enforcement
// audio/video recorders (江源区文广旅局执法音像记录及设备日常管理制度), once,
// for every face of evidock: the activity types of Art. 6, the grounds for
// not recording of Art. 7, the announcement of Art. 8, the causes of an
// interruption of Art. 11, the secrecy levels of Art. 19, the failings of
// Art. 20 and the measures of Art. 21, with the roles and device states the
// workstation adds.
//
// Each word has a stable key (what the database stores and scripts pass), the
// regulation's Chinese word, which screens, reports and printed forms show,
// and an English translation of it. [List.Parse] accepts any of the three.
package regulation

import (
	_ "embed"
	"fmt"
	"strings"
)

// Title is the regulation's title.
const Title = "江源区文广旅局执法音像记录及设备日常管理制度"

// Bureau is the bureau whose officers announce themselves (Art. 8).
const Bureau = "江源区文广旅局"

// Text is the regulation's text as the bureau issued it.
//
//go:embed regulation.zh.txt
var Text string

// Languages a word is given in.
const (
	ZH = "zh"
	EN = "en"
)

// Term is one word of the regulation.
type Term struct {
	Key     string `json:"key"`     // stable code: in the database, on the command line
	Zh      string `json:"zh"`      // the regulation's word
	En      string `json:"en"`      // its English translation
	Article int    `json:"article"` // the article it comes from; 0: the workstation's own word
	Item    int    `json:"item"`    // the article's item (一) = 1 …; 0: none
	// Quote is the regulation's own text the word is taken from, verbatim
	// (tested against Text); "" for the workstation's own words.
	Quote string `json:"quote,omitempty"`
}

// In is the term in language lang (ZH or EN); Chinese for anything else.
func (t Term) In(lang string) string {
	if lang == EN {
		return t.En
	}
	return t.Zh
}

// Cite is where the term comes from, e.g. 第二十条第（二）项, or "".
func (t Term) Cite() string {
	if t.Article == 0 {
		return ""
	}
	s := "第" + Numeral(t.Article) + "条"
	if t.Item > 0 {
		s += "第（" + Numeral(t.Item) + "）项"
	}
	return s
}

// List is one list of words, in the regulation's order.
type List struct {
	Name  string // what the list is, in Chinese (执法类别)
	En    string // and in English
	Terms []Term
}

// Keys are the list's keys in order.
func (l List) Keys() []string {
	out := make([]string, len(l.Terms))
	for i, t := range l.Terms {
		out[i] = t.Key
	}
	return out
}

// Term returns the term of key.
func (l List) Term(key string) (Term, bool) {
	for _, t := range l.Terms {
		if t.Key == key {
			return t, true
		}
	}
	return Term{}, false
}

// Word is key's word in lang, or key itself when the list has no such key
// (a value written by an older version, shown rather than hidden).
func (l List) Word(key, lang string) string {
	if t, ok := l.Term(key); ok {
		return t.In(lang)
	}
	return key
}

// Parse returns the key of s, which may be a key, the Chinese word, the
// regulation's verbatim text of the item, or the English word (any case).
// Surrounding spaces are ignored. An unknown s is an error naming the
// choices in both languages.
func (l List) Parse(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s != "" {
		for _, t := range l.Terms {
			if s == t.Key || s == t.Zh || s == t.Quote && t.Quote != "" || strings.EqualFold(s, t.En) {
				return t.Key, nil
			}
		}
	}
	return "", fmt.Errorf("%q 不是%s之一 / is not a %s: %s", s, l.Name, strings.ToLower(l.En), l.Choices())
}

// Choices lists the keys with their words, for help texts:
// "inspection 日常执法检查, complaint 处置各类投诉、举报案件, …".
func (l List) Choices() string {
	parts := make([]string, len(l.Terms))
	for i, t := range l.Terms {
		parts[i] = t.Key + " " + t.Zh
	}
	return strings.Join(parts, ", ")
}

// Numeral writes n (1–99) in Chinese numerals as the regulation numbers its
// articles and items: 七, 十一, 二十, 二十一.
func Numeral(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n > 99:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n%10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}

// Article returns the text of article n as the regulation has it, from
// "第n条" up to the next article, without surrounding blank lines; "" when
// the regulation has no such article (it skips 第二十二条).
func Article(n int) string {
	head := "第" + Numeral(n) + "条"
	lines := strings.Split(Text, "\n")
	var out []string
	in := false
	for _, l := range lines {
		isHead := strings.HasPrefix(l, "第") && strings.Contains(l, "条 ")
		switch {
		case strings.HasPrefix(l, head+" "):
			in = true
		case isHead && in:
			return strings.TrimSpace(strings.Join(out, "\n"))
		}
		if in {
			out = append(out, l)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// Announcement is the standard sentence of Art. 8 with the officers' names
// in place of ×××, joined by 、 as the regulation writes two of them.
func Announcement(names ...string) string {
	who := strings.Join(names, "、")
	if who == "" {
		who = "×××、×××"
	}
	return "您好，我们是" + Bureau + "执法人员" + who + "，为保护您的合法权益，监督我们的执法行为，本次执法全程录音录像。"
}

// AnnouncementQuote is Art. 8's sentence as the regulation prints it.
const AnnouncementQuote = "您好, 我们是江源区文广旅局执法人员×××、×××, 为保护您的合法权益, 监督我们的执法行为, 本次执法全程录音录像。"

// AnnouncementEn is the English translation of the announcement.
func AnnouncementEn(names ...string) string {
	who := strings.Join(names, " and ")
	if who == "" {
		who = "×××"
	}
	return "Hello, we are " + who + ", enforcement officers of the Jiangyuan District Bureau of Culture, Radio, Television and Tourism. " +
		"To protect your lawful rights and to let our work be supervised, this enforcement is recorded in sound and picture from beginning to end."
}
