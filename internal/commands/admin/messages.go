package admin

import (
	"embed"

	"evidock/internal/cli"
)

// messages are the texts of these commands in Chinese and English, one
// pair of translation files per area (AREA-zh.json, AREA-en.json).
//
//go:embed messages/*.json
var messages embed.FS

func init() { cli.AddMessages(messages, "messages") }
