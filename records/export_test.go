package records

import "context"

// Unpend is unpend, for the tests of undoing an install.
func (r *ImportRun) Unpend(ctx context.Context, sha256hex string) { r.unpend(ctx, sha256hex) }

// Where is the filter's SQL condition, for the query-plan test.
func (f RecordingFilter) Where() (string, []any) { return f.where() }

// RecordingColumns are the columns a recording is read with.
const RecordingColumns = recordingColumns
