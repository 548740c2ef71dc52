//go:build tools

// Package tools pins OpenTofu (opentofu/opentofu v1.12.6) so the tests and `npm start` can run the
// stacks under `tofu`. Nothing here is upstream code: only the module requirements live in
// go.mod/go.sum.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
