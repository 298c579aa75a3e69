"""What a README block continues from: the names its surrounding prose assumes ("chart", "app", ...)."""
from typing import Any, Dict

from cdk8s import ApiObject, App, Chart
from cdk8s_netpol_baseline import BaselineHubSpec, NamespaceBaseline, Ports


def chart() -> Dict[str, Any]:
    """The default: an app and one chart."""
    app = App()
    return {"app": app, "chart": Chart(app, "readme")}


def shop_pods() -> Dict[str, Any]:
    """The analysis section's shop: a baseline with a db hub, pods web, api (a hub client), db and debug."""
    names = chart()
    c = names["chart"]
    NamespaceBaseline(c, "shop", namespace="shop",
                      hubs=[BaselineHubSpec(hub_name="db", hub_labels={"app": "db"}, ports=[Ports.tcp(5432)])])
    pods = {
        "web": {"app": "web", "networking/allow-internet-access": "true"},
        "api": {"app": "api", "networking/allow-db-access": "true"},
        "db": {"app": "db"},
    }
    for name, labels in pods.items():
        ApiObject(c, f"pod-{name}", api_version="v1", kind="Pod",
                  metadata={"name": name, "namespace": "shop", "labels": labels})
    names["objects"] = c.to_json()
    return names


SETUPS = {"chart": chart, "shop-pods": shop_pods}
