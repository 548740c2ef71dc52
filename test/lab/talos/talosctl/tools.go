//go:build tools

// Package tools pins talosctl (siderolabs/talos v1.13.9) for the lab's real-client checks.
// Nothing here is upstream code: only the module requirements live in go.mod/go.sum.
package tools

import _ "github.com/siderolabs/talos/cmd/talosctl"
