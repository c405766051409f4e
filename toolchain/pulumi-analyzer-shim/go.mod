// The python policy-pack launcher `pulumi-analyzer-policy-python` is a ~50-line shell script that
// Pulumi shipped in its SDK module up to v3.220.0 (it was dropped in v3.221.0, when policy packs moved
// to the language host's RunPlugin). The CLI we pin still falls back to it whenever no
// `pulumi-language-python` host is installed (pkg/resource/plugin/analyzer_plugin.go), which is
// our situation here: see toolchain/README.md. This module only exists so that `go mod download`
// fetches that script reproducibly, checked against go.sum.
module pingone-notifications/toolchain/pulumi-analyzer-shim

go 1.25.11

require github.com/pulumi/pulumi/sdk/v3 v3.220.0
