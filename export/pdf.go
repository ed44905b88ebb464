package export

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"evidock/internal/human"
	"evidock/internal/typeset"
	"evidock/regulation"
)

// descriptionData is everything 说明.pdf shows.
type descriptionData struct {
	Desc        Description
	Items       []Item
	Disc, Discs int
	Evidence    Evidence
}

// Sizes of the description's text, in points.
const (
	fieldSize = 10.0
	itemSize  = 9.0
	lineH     = 5.5
	labelW    = 28.0
)

// writeDescription renders the printable description 说明.pdf (Art. 15):
// who made the copy, who takes it, when, under whose approval and for what,
// each recording with its particulars and hashes, how to check the disc,
// and the signature lines. It renders twice: the first pass counts the
// pages for "共 N 页".
func writeDescription(d descriptionData) ([]byte, error) {
	b, err := typeset.Render(func(total int) *typeset.Doc {
		doc := typeset.New(typeset.Page{}, typeset.Info{Title: "执法音像证据提取说明 " + d.Desc.CaseNumber,
			Subject: d.Desc.CaseName, Author: d.Desc.Maker})
		doc.Footer(func(page int) string {
			text := fmt.Sprintf("案件编号 %s　第 %d 页", d.Desc.CaseNumber, page)
			if total > 0 {
				text += fmt.Sprintf("，共 %d 页", total)
			}
			if level := discLevel(d.Items); level != "" {
				text = "密级：" + level + "　" + text
			}
			return text
		})
		doc.AddPage()
		drawHeader(doc, d)
		drawItems(doc, d.Items)
		drawClosing(doc, d)
		return doc
	})
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", DescriptionFile, err)
	}
	return b, nil
}

// drawHeader draws the title and the description's fields.
func drawHeader(doc *typeset.Doc, d descriptionData) {
	if level := discLevel(d.Items); level != "" {
		doc.Line("密级："+level, doc.BodyWidth(), 8, typeset.Font{Size: 14}, "R")
		doc.Ln(9)
	}
	doc.Title("执法音像证据提取说明", 18)
	if d.Discs > 1 {
		doc.Line(fmt.Sprintf("（第 %d/%d 张）", d.Disc, d.Discs), doc.BodyWidth(), 7, typeset.Font{Size: 12}, "C")
		doc.Ln(7)
	}
	doc.Ln(3)
	content := strings.TrimSpace(d.Desc.Content)
	if content == "" {
		content = "（未填写）"
	}
	approval := strings.TrimSpace(d.Desc.Approver)
	if approval == "" {
		approval = "—"
	}
	if !d.Desc.ApprovedAt.IsZero() {
		approval += "，" + formatTime(d.Desc.ApprovedAt)
	}
	request := "—"
	if d.Desc.Request != 0 {
		request = fmt.Sprintf("第 %d 号", d.Desc.Request)
	}
	for _, f := range [][2]string{
		{"案件编号", d.Desc.CaseNumber},
		{"案件名称", d.Desc.CaseName},
		{"制作单位", d.Desc.Organization},
		{"制作人", d.Desc.Maker},
		{"提取人", d.Desc.Extractor},
		{"提取时间", formatTime(d.Desc.ExtractedAt)},
		{"调取申请", request},
		{"批准人及时间", approval},
		{"调取事由", orDash(d.Desc.Purpose)},
		{"光盘", fmt.Sprintf("第 %d/%d 张，本张 %d 个文件", d.Disc, d.Discs, len(d.Items))},
	} {
		doc.Field(f[0], f[1], labelW, fieldSize)
	}
	contentRow := []typeset.Cell{{W: labelW, Text: "内容说明", Fill: true}, {W: doc.BodyWidth() - labelW, Text: content}}
	if doc.RowHeight(contentRow, fieldSize) < 120 {
		doc.Row(contentRow, fieldSize)
	} else { // too long for a table cell: a paragraph that may span pages
		doc.Row([]typeset.Cell{{W: doc.BodyWidth(), Text: "内容说明", Fill: true}}, fieldSize)
		doc.Ln(1)
		doc.Para(content, lineH, typeset.Font{Size: fieldSize})
	}
	doc.Ln(4)
}

// itemColumns are the widths of the recording table's columns.
var itemColumns = []float64{10, 78, 37, 20, 35}

func itemHeaderRow(doc *typeset.Doc) {
	titles := []string{"序号", "光盘文件名 / 原始文件名 / 执法人员 / 记录仪", "录制时间", "时长", "大小"}
	cells := make([]typeset.Cell, len(titles))
	for i, t := range titles {
		cells[i] = typeset.Cell{W: itemColumns[i], Text: t, Fill: true, Align: "C"}
	}
	doc.Row(cells, itemSize)
}

// drawItems draws one block per recording: a row of its particulars and two
// rows with its SHA-256 and SM3 in a monospace font. A block is never split
// across pages.
func drawItems(doc *typeset.Doc, items []Item) {
	if doc.NeedPage(40) {
		doc.AddPage()
	}
	doc.Line("录音录像文件清单", doc.BodyWidth(), 8, typeset.Font{Size: 12}, "L")
	doc.Ln(8)
	itemHeaderRow(doc)
	for i, it := range items {
		lines := []string{it.Name}
		if it.OriginalName != "" {
			lines = append(lines, "原始文件名："+it.OriginalName)
		}
		if who := strings.Join(nonEmpty("执法人员："+it.Officer, it.Officer, "记录仪："+it.Device, it.Device), "　"); who != "" {
			lines = append(lines, who)
		}
		if level := levelWord(it.Classification); level != "" {
			lines = append(lines, "密级："+level)
		}
		first := []typeset.Cell{
			{W: itemColumns[0], Text: fmt.Sprint(i + 1), Align: "C"},
			{W: itemColumns[1], Text: strings.Join(lines, "\n")},
			{W: itemColumns[2], Text: formatTime(it.RecordedAt)},
			{W: itemColumns[3], Text: formatDuration(it.Duration), Align: "R"},
			{W: itemColumns[4], Text: sizeText(it.Size), Align: "R"},
		}
		hashRows := [][]typeset.Cell{
			{{W: 22, Text: "SHA-256"}, {W: doc.BodyWidth() - 22, Text: strings.ToLower(it.SHA256), Mono: true}},
			{{W: 22, Text: "SM3"}, {W: doc.BodyWidth() - 22, Text: strings.ToLower(it.SM3), Mono: true}},
		}
		h := doc.RowHeight(first, itemSize) + doc.RowHeight(hashRows[0], itemSize) + doc.RowHeight(hashRows[1], itemSize)
		if doc.NeedPage(h) {
			doc.AddPage()
			itemHeaderRow(doc)
		}
		doc.Row(first, itemSize)
		doc.Row(hashRows[0], itemSize)
		doc.Row(hashRows[1], itemSize)
	}
}

// drawClosing draws the totals, how to check the disc, and the signature lines.
func drawClosing(doc *typeset.Doc, d descriptionData) {
	var total int64
	for _, it := range d.Items {
		total += it.Size
	}
	lines := []string{
		fmt.Sprintf("合计：本张光盘共 %d 个录音录像文件，共 %s。", len(d.Items), totalText(total)),
		"校验：data 目录下每个文件的 SHA-256（FIPS 180-4）与 SM3（GB/T 32905-2016）校验值见上表及 manifest-sha256.txt、manifest-sm3.txt；本说明及其他清单文件的校验值见 tagmanifest-sha256.txt、tagmanifest-sm3.txt。只用本光盘核对的方法见光盘上的 " + ReadmeFile + "。",
		fmt.Sprintf("台账：每个文件的导入记录及其默克尔树包含证明见 ledger/proofs.json；台账树共 %d 条，根哈希 %s。", d.Evidence.TreeSize, base64.StdEncoding.EncodeToString(d.Evidence.Root[:])),
		checkpointLine(d.Evidence),
		"依据：" + regulation.Title + "第十五条：现场执法记录需要作为证据使用的，从存储设备中复制调取，应当制作文字说明材料，注明制作人、提取人、提取时间等信息，并将其复制为光盘后附卷。",
	}
	body := typeset.Font{Size: fieldSize}
	h := 3 + 10 + 3*14.0 // space, signature lines
	for _, l := range lines {
		h += float64(len(doc.Wrap(l, doc.BodyWidth()-2, body)))*lineH + 1
	}
	if doc.NeedPage(h) {
		doc.AddPage()
	}
	doc.Ln(3)
	for _, l := range lines {
		doc.Para(l, lineH, body)
		doc.Ln(1)
	}
	doc.Ln(6)
	doc.Signatures([]string{"制作人签名：", "提取人签名：", "保管人签名：", "日期："}, 2)
}

// checkpointLine says how the tree head is signed, or that it is not.
func checkpointLine(ev Evidence) string {
	if ev.Checkpoint == nil {
		return "签名：本光盘未附工作站签名的树头。"
	}
	return "签名：树头由工作站签名（" + CheckpointFile + "），核对签名的公钥为 " + ev.Checkpoint.Verifier + "。"
}

// orDash is s, or "—" when it is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// levelWord is a classification key's word (商业秘密…), or "" for a
// recording that is not classified.
func levelWord(key string) string {
	if key == "" || key == "normal" {
		return ""
	}
	return regulation.Classifications.Word(key, regulation.ZH)
}

// discLevel is the word of the highest classification among items, or "".
func discLevel(items []Item) string {
	best := 0
	for _, it := range items {
		for i, k := range regulation.Classifications.Keys() {
			if k == it.Classification && i > best {
				best = i
			}
		}
	}
	if best == 0 {
		return ""
	}
	return regulation.Classifications.Terms[best].Zh
}

// nonEmpty returns the labelled texts whose values are not empty; args come
// in (text, value) pairs.
func nonEmpty(args ...string) []string {
	var out []string
	for i := 0; i+1 < len(args); i += 2 {
		if strings.TrimSpace(args[i+1]) != "" {
			out = append(out, args[i])
		}
	}
	return out
}

// formatTime shows t in its own location, or "—" when unknown.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02 15:04:05")
}

// formatDuration shows d as h:mm:ss or m:ss, or "—" when unknown.
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return human.Clock(d)
}

// sizeText shows a recording's size, with the exact byte count when the
// short form rounds.
func sizeText(n int64) string {
	if n < 1000 {
		return formatSize(n)
	}
	return formatSize(n) + "\n" + fmt.Sprintf("%d 字节", n)
}

// totalText shows a total size, with the exact byte count when the short
// form rounds.
func totalText(n int64) string {
	if n < 1000 {
		return formatSize(n)
	}
	return fmt.Sprintf("%s（%d 字节）", formatSize(n), n)
}

// formatSize shows n bytes in decimal units (human.Bytes, as the window
// shows them), and counts bytes below a kilobyte in the document's word.
func formatSize(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d 字节", n)
	}
	return human.Bytes(n)
}
