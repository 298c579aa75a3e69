"""examples/shop.ts in Python: the guide end to end for a small shop (see that file for each step)."""
from cdk8s import App, Chart, YamlOutputType
from cdk8s_netpol_baseline import (
    AllowConnection,
    BaselineConnectionSpec,
    CrossNamespaceAllow,
    DefaultDenyIngress,
    HubAccess,
    InternetAccess,
    NamespaceBaseline,
    NewDeploymentAccess,
    Ports,
    ServerAccess,
)


def shop_app(outdir: str) -> App:
    app = App(outdir=outdir, output_file_extension=".k8s.yaml", yaml_output_type=YamlOutputType.FILE_PER_CHART)
    chart = Chart(app, "shop")
    namespace = "shop"

    DefaultDenyIngress(chart, "DefaultDeny", namespace=namespace)
    InternetAccess(chart, "Internet", namespace=namespace, ports=[Ports.tcp(443)])
    HubAccess(chart, "DbHub", namespace=namespace, hub_name="db", hub_labels={"app": "db"}, ports=[Ports.tcp(5432)])
    ServerAccess(chart, "Backup", namespace=namespace, server_name="backup", server_labels={"app": "backup"},
                 ports=[Ports.tcp(5432)])
    AllowConnection(chart, "WebToApi", namespace=namespace, from_labels={"app": "web"}, to_labels={"app": "api"},
                    ports=[Ports.tcp(8080)])
    CrossNamespaceAllow(chart, "Scrape", from_namespace="monitoring", from_labels={"app": "prometheus"},
                        to_namespace=namespace, ports=[Ports.named("metrics")])
    NewDeploymentAccess(chart, "NewDeployments", namespace=namespace)
    NamespaceBaseline(chart, "Monitoring", namespace="monitoring", internet_access=False,
                      connections=[BaselineConnectionSpec(from_labels={"app": "grafana"}, to_labels={"app": "prometheus"},
                                                  ports=[Ports.tcp(9090)])])
    return app
