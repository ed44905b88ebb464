package keeping

import (
	"evidock/internal/clitest"
	// The commands these tests run besides this package's own.
	_ "evidock/internal/commands/admin"
	_ "evidock/internal/commands/recordings"
	_ "evidock/internal/commands/supervision"
	_ "evidock/internal/commands/viewing"
)

// testCLI runs evidock's commands in-process on one data folder.
type testCLI = clitest.CLI
