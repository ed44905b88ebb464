// Package approvals is the 审批 screen's pages: the requests waiting for
// the user's decision, the user's own requests, and the viewing register.
package approvals
