package bindingtest

import (
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

// readmeSetup gives a README block the app and chart its snippet continues from. An App without outdir
// (as in the README) writes to $CDK8S_OUTDIR, else to dist/ of the jsii kernel's working directory: the
// kernel starts before any test, so test-bindings/run.sh sets it.
func readmeSetup(t *testing.T) (cdk8s.App, cdk8s.Chart) {
	app := cdk8s.NewApp(nil)
	return app, cdk8s.NewChart(app, jsii.String("readme"), nil)
}

// TestTheReadmeHasGoBlocks fails when the generated block tests are missing (run internal/readmegen).
func TestTheReadmeHasGoBlocks(t *testing.T) {
	if readmeBlocks < 3 {
		t.Fatalf("%d README go blocks were generated, expected at least 3: run `go run ./internal/readmegen ../../README.md`", readmeBlocks)
	}
}
