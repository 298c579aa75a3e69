package bindingtest;

import java.util.List;
import java.util.Map;

import io.github.cdk8s_netpol_baseline.AllowConnection;
import io.github.cdk8s_netpol_baseline.BaselineConnectionSpec;
import io.github.cdk8s_netpol_baseline.CrossNamespaceAllow;
import io.github.cdk8s_netpol_baseline.DefaultDenyIngress;
import io.github.cdk8s_netpol_baseline.HubAccess;
import io.github.cdk8s_netpol_baseline.InternetAccess;
import io.github.cdk8s_netpol_baseline.NamespaceBaseline;
import io.github.cdk8s_netpol_baseline.NewDeploymentAccess;
import io.github.cdk8s_netpol_baseline.Ports;
import io.github.cdk8s_netpol_baseline.ServerAccess;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.YamlOutputType;

/** examples/shop.ts in Java (see that file for each step). */
final class Shop {
  private Shop() {}

  static App shopApp(String outdir) {
    App app = new App(AppProps.builder()
        .outdir(outdir).outputFileExtension(".k8s.yaml").yamlOutputType(YamlOutputType.FILE_PER_CHART).build());
    Chart chart = new Chart(app, "shop");
    String namespace = "shop";

    DefaultDenyIngress.Builder.create(chart, "DefaultDeny").namespace(namespace).build();
    InternetAccess.Builder.create(chart, "Internet").namespace(namespace).ports(List.of(Ports.tcp(443))).build();
    HubAccess.Builder.create(chart, "DbHub").namespace(namespace)
        .hubName("db").hubLabels(Map.of("app", "db")).ports(List.of(Ports.tcp(5432))).build();
    ServerAccess.Builder.create(chart, "Backup").namespace(namespace)
        .serverName("backup").serverLabels(Map.of("app", "backup")).ports(List.of(Ports.tcp(5432))).build();
    AllowConnection.Builder.create(chart, "WebToApi").namespace(namespace)
        .fromLabels(Map.of("app", "web")).toLabels(Map.of("app", "api")).ports(List.of(Ports.tcp(8080))).build();
    CrossNamespaceAllow.Builder.create(chart, "Scrape")
        .fromNamespace("monitoring").fromLabels(Map.of("app", "prometheus")).toNamespace(namespace)
        .ports(List.of(Ports.named("metrics"))).build();
    NewDeploymentAccess.Builder.create(chart, "NewDeployments").namespace(namespace).build();
    NamespaceBaseline.Builder.create(chart, "Monitoring").namespace("monitoring").internetAccess(false)
        .connections(List.of(BaselineConnectionSpec.builder()
            .fromLabels(Map.of("app", "grafana")).toLabels(Map.of("app", "prometheus")).ports(List.of(Ports.tcp(9090))).build()))
        .build();
    return app;
  }
}
