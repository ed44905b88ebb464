// Package export makes evidence copies of archived recordings (Art. 15 of the
// bureau's rules): a self-contained BagIt package per disc holding the
// recordings, manifests of their SHA-256 and SM3 hashes, the printable
// description 说明.pdf and the ledger proofs of their import, and the ISO 9660
// image (Joliet and Rock Ridge) that is burned to disc and read back.
//
// Disc layout (one bag per disc):
//
//	bagit.txt                 BagIt 1.0 declaration
//	bag-info.txt              case, maker, extractor, time, Payload-Oxum, Disc: k/n
//	manifest-sha256.txt       SHA-256 of every file in data/
//	manifest-sm3.txt          SM3 (GB/T 32905) of every file in data/
//	说明.pdf                   the printable description, in Chinese
//	说明.txt                   how to check the disc with the disc alone, in Chinese
//	ledger/tree-head.json     {"size":N,"root":"<base64>"} of the ledger's Merkle tree
//	ledger/proofs.json        inclusion proofs of the ledger entries for this disc
//	ledger/checkpoint         the tree head as the workstation's signed checkpoint (C2SP)
//	tagmanifest-sha256.txt    SHA-256 of every file above
//	tagmanifest-sm3.txt       SM3 of every file above
//	data/<name>               the recordings, under the names the caller chose
//
// The disc-making parts (WriteBag, Export, BuildISO, Burn, VerifyDisc) do
// not know about the store: callers pass the recordings as [Item]s and the
// ledger proofs as [Evidence]. [Run] and [Retry] drive a whole export through
// a store.Session: the request check, the export.begin entry whose proof
// every disc carries, the discs, the burn and read-back, and the
// export.complete or export.failed entry.
package export

import "time"

// Item is one recording to be put on a disc.
type Item struct {
	SourcePath string        // the archived copy to read
	Name       string        // file name on the disc, below data/; Chinese allowed
	SHA256     string        // hex SHA-256 the archive recorded at import
	SM3        string        // hex SM3 the archive recorded at import
	Size       int64         // size in bytes the archive recorded at import
	RecordedAt time.Time     // when the recording was made (shown in its own location)
	Duration   time.Duration // length of the recording; 0 if unknown (photos)
	Officer    string        // the officer whose recorder made it
	Device     string        // the recorder's identity
	// OriginalName is the file's name on the recorder, "" when unknown.
	OriginalName string
	// Classification is the recording's secrecy level (Art. 19), a key of
	// regulation.Classifications; "" or "normal" when not classified. A
	// classified recording's level marks its file name, the disc's volume
	// label and 说明.pdf.
	Classification string
}

// Description is the written description that goes with an evidence copy:
// who made it, who takes it, when, for which case and what it shows.
type Description struct {
	CaseNumber   string    // 案件编号; also External-Identifier and the volume ID
	CaseName     string    // 案件名称
	Maker        string    // 制作人: who made the copy
	Extractor    string    // 提取人: who takes it
	Content      string    // what the recordings show; may span several lines
	Organization string    // the bureau; Source-Organization in bag-info.txt
	ExtractedAt  time.Time // 提取时间, shown in its own location

	// The approval of the extraction (Art. 15–16): the request, who
	// approved it and when, and the purpose the request gave.
	Request    int64
	Approver   string    // e.g. 王五（主管领导）
	ApprovedAt time.Time // shown in its own location
	Purpose    string    // 调取事由
}

// Names of the files in a bag.
const (
	DataDir            = "data"
	BagitFile          = "bagit.txt"
	BagInfoFile        = "bag-info.txt"
	ManifestSHA256     = "manifest-sha256.txt"
	ManifestSM3        = "manifest-sm3.txt"
	TagManifestSHA256  = "tagmanifest-sha256.txt"
	TagManifestSM3     = "tagmanifest-sm3.txt"
	DescriptionFile    = "说明.pdf"
	ReadmeFile         = "说明.txt"
	TreeHeadFile       = "ledger/tree-head.json"
	ProofsFile         = "ledger/proofs.json"
	bagitVersionHeader = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
)

// ImportAction is the ledger action of a recording's import; its entry's
// details carry the recording's "sha256" and "sm3" in hex.
const ImportAction = "recording.import"
