package bindingtest

import (
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

// TestMain points an App without outdir (as in the README) at a temporary folder: it writes to
// $CDK8S_OUTDIR, else to dist/ of the working directory of the jsii kernel, which starts once.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "readme-go-")
	if err != nil {
		panic(err)
	}
	os.Setenv("CDK8S_OUTDIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// readmeSetup gives a README block the app and chart its snippet continues from.
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
