module github.com/example/cdk8s-netpol-baseline-go/test-bindings

go 1.25.0

require (
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.68.106
	github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2 v2.5.6
	github.com/example/cdk8s-netpol-baseline-go/cdk8snetpolbaseline v0.0.0
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/aws/constructs-go/constructs/v10 v10.3.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.39.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/telemetry v0.0.0-20260811182544-a038080d80e5 // indirect
	golang.org/x/tools v0.49.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
)

// The module `npx projen package-all` generates (dist/go), as users would get it from its repository.
replace github.com/example/cdk8s-netpol-baseline-go/cdk8snetpolbaseline => ../../dist/go/cdk8snetpolbaseline

// cdk8s-plus-go v2.5.6 requires cdk8s-core-go v2.68.106, which the Go module proxy our machines reach
// does not serve; it serves v2.68.91 (the npm side runs cdk8s 2.68.12: the same 2.68 API).
replace github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 => github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.68.91
