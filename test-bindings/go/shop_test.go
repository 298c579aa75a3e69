package bindingtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2"
	np "github.com/example/cdk8s-netpol-baseline-go/cdk8snetpolbaseline"
)

func TestShopSynthesizesYamlByteIdenticalToTheTypeScriptExample(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "dist", "examples", "shop.k8s.yaml"))
	if err != nil {
		t.Fatalf("%v: run `npx projen examples` first", err)
	}
	dir := t.TempDir()
	ShopApp(dir).Synth()
	got, err := os.ReadFile(filepath.Join(dir, "shop.k8s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("the Go shop differs from the TypeScript one:\n%s", got)
	}
}

func TestAConstructionErrorPanicsWithTheConstructPathAndTheValue(t *testing.T) {
	chart := cdk8s.NewChart(cdk8s.NewApp(nil), jsii.String("shop"), nil)
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("no error for an invalid namespace")
		}
		msg := r.(error).Error()
		if !strings.Contains(msg, "shop/deny") || !strings.Contains(msg, `"Shop_1"`) {
			t.Fatalf("the error names neither the construct nor the value: %s", msg)
		}
	}()
	np.NewDefaultDenyIngress(chart, jsii.String("deny"), &np.DefaultDenyIngressProps{Namespace: jsii.String("Shop_1")})
}

func TestReachabilityAnswersFromGo(t *testing.T) {
	reach := np.Reachability_FromApp(ShopApp(t.TempDir()), nil)
	web := np.Endpoints_Labels(jsii.String("shop"), labels("app", "web", "networking/allow-internet-access", "true"))
	api := np.Endpoints_Labels(jsii.String("shop"), labels("app", "api", "networking/allow-db-access", "true"))
	db := np.Endpoints_Labels(jsii.String("shop"), labels("app", "db", "networking/allow-backup-to-access", "true"))
	internet := np.Endpoints_Ip(jsii.String("203.0.113.10"))
	cases := []struct {
		name     string
		from, to *np.Endpoint
		port     float64
		want     bool
	}{
		{"internet → web:443", internet, web, 443, true},
		{"internet → api:443", internet, api, 443, false},
		{"web → api:8080", web, api, 8080, true},
		{"api → db:5432", api, db, 5432, true},
		{"web → db:5432", web, db, 5432, false},
	}
	for _, c := range cases {
		if got := *reach.CanConnect(c.from, c.to, &np.ConnectOptions{Port: jsii.Number(c.port)}); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	if *reach.Explain(web, db, &np.ConnectOptions{Port: jsii.Number(5432)}).Allowed() {
		t.Error("explain says web → db:5432 is allowed")
	}
}

func TestAGrantAcrossNamespacesReturnsAPolicySetWithItsPolicies(t *testing.T) {
	chart := cdk8s.NewChart(cdk8s.NewApp(nil), jsii.String("shop"), nil)
	web := cdk8splus28.NewDeployment(chart, jsii.String("web"), &cdk8splus28.DeploymentProps{
		Metadata:   &cdk8s.ApiObjectMetadata{Namespace: jsii.String("frontend")},
		Containers: &[]*cdk8splus28.ContainerProps{{Image: jsii.String("web")}},
	})
	api := cdk8splus28.NewDeployment(chart, jsii.String("api"), &cdk8splus28.DeploymentProps{
		Metadata:   &cdk8s.ApiObjectMetadata{Namespace: jsii.String("shop")},
		Containers: &[]*cdk8splus28.ContainerProps{{Image: jsii.String("api"), PortNumber: jsii.Number(8080)}},
	})
	allow := np.Workloads_AllowConnection(chart, web, api, nil)
	if *allow.Name() != "allow-frontend-web-to-api" || len(*allow.Policies()) != 1 {
		t.Fatalf("got %s with %d policies", *allow.Name(), len(*allow.Policies()))
	}
}
