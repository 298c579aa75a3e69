// Package bindingtest runs the generated Go module as users do: examples/shop.ts in Go, the README's
// Go blocks, errors and the reachability engine.
package bindingtest

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	np "github.com/example/cdk8s-netpol-baseline-go/cdk8snetpolbaseline"
)

func labels(kv ...string) *map[string]*string {
	m := map[string]*string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = jsii.String(kv[i+1])
	}
	return &m
}

// ShopApp is examples/shop.ts in Go (see that file for each step).
func ShopApp(outdir string) cdk8s.App {
	app := cdk8s.NewApp(&cdk8s.AppProps{
		Outdir: jsii.String(outdir), OutputFileExtension: jsii.String(".k8s.yaml"), YamlOutputType: cdk8s.YamlOutputType_FILE_PER_CHART,
	})
	chart := cdk8s.NewChart(app, jsii.String("shop"), nil)
	namespace := jsii.String("shop")

	np.NewDefaultDenyIngress(chart, jsii.String("DefaultDeny"), &np.DefaultDenyIngressProps{Namespace: namespace})
	np.NewInternetAccess(chart, jsii.String("Internet"), &np.InternetAccessProps{
		Namespace: namespace, Ports: &[]*np.PortSpec{np.Ports_Tcp(jsii.Number(443))},
	})
	np.NewHubAccess(chart, jsii.String("DbHub"), &np.HubAccessProps{
		Namespace: namespace, HubName: jsii.String("db"), HubLabels: labels("app", "db"), Ports: &[]*np.PortSpec{np.Ports_Tcp(jsii.Number(5432))},
	})
	np.NewServerAccess(chart, jsii.String("Backup"), &np.ServerAccessProps{
		Namespace: namespace, ServerName: jsii.String("backup"), ServerLabels: labels("app", "backup"),
		Ports: &[]*np.PortSpec{np.Ports_Tcp(jsii.Number(5432))},
	})
	np.NewAllowConnection(chart, jsii.String("WebToApi"), &np.AllowConnectionProps{
		Namespace: namespace, FromLabels: labels("app", "web"), ToLabels: labels("app", "api"),
		Ports: &[]*np.PortSpec{np.Ports_Tcp(jsii.Number(8080))},
	})
	np.NewCrossNamespaceAllow(chart, jsii.String("Scrape"), &np.CrossNamespaceAllowProps{
		FromNamespace: jsii.String("monitoring"), FromLabels: labels("app", "prometheus"), ToNamespace: namespace,
		Ports: &[]*np.PortSpec{np.Ports_Named(jsii.String("metrics"), "")},
	})
	np.NewNewDeploymentAccess(chart, jsii.String("NewDeployments"), &np.NewDeploymentAccessProps{Namespace: namespace})
	np.NewNamespaceBaseline(chart, jsii.String("Monitoring"), &np.NamespaceBaselineProps{
		Namespace: jsii.String("monitoring"), InternetAccess: jsii.Bool(false),
		Connections: &[]*np.BaselineConnectionSpec{{
			FromLabels: labels("app", "grafana"), ToLabels: labels("app", "prometheus"), Ports: &[]*np.PortSpec{np.Ports_Tcp(jsii.Number(9090))},
		}},
	})
	return app
}
