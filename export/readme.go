package export

import (
	_ "embed"
	"fmt"
	"strings"

	"evidock/regulation"
)

// CheckScriptFile is a Python 3 program on every disc that checks the disc
// with the disc alone: every recording against the manifest, every ledger
// proof against the tree head, and every recording against a proven import.
const CheckScriptFile = "ledger/check.py"

//go:embed check.py
var checkScript []byte

// readme is the text of 说明.txt: what is on the disc and how to check it
// without the workstation, in Chinese, with Windows line endings so that
// Notepad shows it right.
func readme(d Description, items []Item, disc, discs int, ev Evidence) []byte {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("执法音像证据光盘说明")
	p("====================")
	p("")
	p("本光盘由执法音像采集工作站（evidock）依据《%s》第十五条制作，", regulation.Title)
	p("打印的文字说明材料见 %s（制作人、提取人签字后附卷）。", DescriptionFile)
	p("")
	p("案件编号：%s", d.CaseNumber)
	if d.CaseName != "" {
		p("案件名称：%s", d.CaseName)
	}
	p("制 作 人：%s", d.Maker)
	p("提 取 人：%s", d.Extractor)
	p("提取时间：%s", formatTime(d.ExtractedAt))
	if d.Approver != "" {
		p("批 准 人：%s（%s）", d.Approver, formatTime(d.ApprovedAt))
	}
	p("光    盘：第 %d/%d 张，%d 个录音录像文件", disc, discs, len(items))
	if level := discLevel(items); level != "" {
		p("密    级：%s —— 本光盘含涉密录音录像（第十九条），按保密工作规定保管，不得擅自对外提供（第十八条）。", level)
	}
	p("")
	p("一、光盘上的文件")
	p("  data\\                     录音录像文件，文件名为“执法人员_录制日期_时间_记录仪”，涉密文件以【密级】开头")
	p("  %-24s 文字说明材料：每个文件的原始文件名、执法人员、记录仪、录制时间、时长、SHA-256 与 SM3", DescriptionFile)
	p("  %-24s 本说明", ReadmeFile)
	p("  manifest-sha256.txt       data 下每个文件的 SHA-256 校验值（GB/T 32905 的 SM3 见 manifest-sm3.txt）")
	p("  tagmanifest-sha256.txt    以上清单、说明.pdf、本说明和 ledger 下各文件的校验值")
	p("  bagit.txt, bag-info.txt   BagIt 格式（RFC 8493）的声明和案件信息")
	p("  %-24s 工作站台账默克尔树（RFC 6962）的树头：条目数 size 与根哈希 root", TreeHeadFile)
	p("  %-24s 本光盘文件的导入记录、调取批准和导出记录在台账中的包含证明", ProofsFile)
	if ev.Checkpoint != nil {
		p("  %-24s 工作站用自己的密钥（Ed25519）签名的树头", CheckpointFile)
		p("  %-24s 核对该签名的公钥：%s", VerifierKeyFile, ev.Checkpoint.Verifier)
	}
	p("  %-24s 用本光盘自行核对的程序（Python 3）", CheckScriptFile)
	p("")
	p("二、只用本光盘核对")
	p("1. 文件没有被改动：逐个计算 data 下文件的 SHA-256，与 manifest-sha256.txt 中的值比对。")
	p("   Windows：certutil -hashfile \"data\\文件名\" SHA256")
	p("   Linux：  在光盘根目录执行 sha256sum -c manifest-sha256.txt")
	p("2. 文件确由工作站导入并记入台账：ledger/proofs.json 每一项的 leaf 是一条台账记录的原文（JSON，Base64 编码），")
	p("   导入记录（action 为 %s）的 details 中写有该文件的 sha256 和 sm3。", ImportAction)
	p("   按 RFC 6962：叶哈希 = SHA-256(0x00 ‖ leaf)，与 proof 中的哈希逐个合并 SHA-256(0x01 ‖ 左 ‖ 右)，")
	p("   最后得到的值应等于 ledger/tree-head.json 中的 root（本光盘所附台账树共 %d 条记录）。", ev.TreeSize)
	if ev.Checkpoint != nil {
		p("3. 树头确为工作站所出：%s 是 tree-head.json 的条目数和根哈希，由工作站的密钥签名（Ed25519，", CheckpointFile)
		p("   golang.org/x/mod/sumdb/note 格式）；签名须能用 %s 的公钥核对，且该公钥与工作站台账中", VerifierKeyFile)
		p("   workstation.key 记录的公钥相同（可向保管人核实，说明.pdf 上也印有该公钥）。")
	}
	p("4. 以上各步可由光盘上的程序一次完成（需 Python 3，无须联网，无须工作站）：")
	p("       python3 %s", CheckScriptFile)
	p("   全部相符时显示“核对通过”，否则逐项列出不符之处并以状态 1 退出。")
	p("5. 还可将 tree-head.json 中的 size 和 root 交工作站保管人，")
	p("   在工作站上执行 evidock verify-disc --ledger <光盘> 可确认台账在该条目数时的根哈希相同，")
	p("   且台账此后只增不改（evidock verify）。")
	p("")
	p("三、注意")
	p("  任何人不得对原始现场执法记录进行删节、修改（第十八条）。本光盘为复制件，原始文件保存在工作站只写档案中。")
	return []byte(strings.ReplaceAll(b.String(), "\n", "\r\n"))
}
