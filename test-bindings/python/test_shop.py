"""The built wheel, used from Python as users do: the shop example, errors, the engine and the lint."""
import re

import pytest
from cdk8s import App, Chart
from cdk8s_netpol_baseline import (
    AllowConnection,
    CrossNamespaceAllow,
    DefaultDenyIngress,
    Endpoints,
    Lint,
    LintSeverity,
    NamespaceBaseline,
    Ports,
    Reachability,
)

from shop import shop_app


def test_the_shop_synthesizes_yaml_byte_identical_to_the_typescript_example(tmp_path, typescript_shop_yaml):
    shop_app(str(tmp_path)).synth()
    assert (tmp_path / "shop.k8s.yaml").read_text() == typescript_shop_yaml


def test_a_construction_error_is_an_exception_with_the_construct_path_and_the_value():
    chart = Chart(App(), "shop")
    with pytest.raises(Exception) as error:
        DefaultDenyIngress(chart, "deny", namespace="Shop_1")
    assert "shop/deny" in str(error.value)
    assert '"Shop_1"' in str(error.value)
    with pytest.raises(Exception, match=r"shop/web.*443000"):
        AllowConnection(chart, "web", namespace="shop", from_labels={"app": "web"}, to_labels={"app": "api"},
                        ports=[Ports.tcp(443000)])


def test_reachability_answers_from_python(tmp_path):
    reach = Reachability.from_app(shop_app(str(tmp_path)))
    web = Endpoints.labels("shop", {"app": "web", "networking/allow-internet-access": "true"})
    api = Endpoints.labels("shop", {"app": "api", "networking/allow-db-access": "true"})
    db = Endpoints.labels("shop", {"app": "db", "networking/allow-backup-to-access": "true"})
    internet = Endpoints.ip("203.0.113.10")
    assert reach.can_connect(internet, web, port=443) is True
    assert reach.can_connect(internet, api, port=443) is False
    assert reach.can_connect(web, api, port=8080) is True
    assert reach.can_connect(api, db, port=5432) is True
    assert reach.can_connect(web, db, port=5432) is False
    explanation = reach.explain(web, db, port=5432)
    assert explanation.allowed is False
    assert re.search(r"DENIED", explanation.text)


def test_lint_answers_from_python():
    objects = [
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api", "namespace": "shop", "labels": {"app": "api"}}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "bad", "namespace": "shop"},
         "spec": {"podSelector": {}, "policyTypes": [{"Ingress": None}]}},
    ]
    findings = Lint.manifests(objects)
    np001 = [f for f in findings if f.code == "NP001"]
    assert len(np001) == 1
    assert np001[0].severity == LintSeverity.ERROR
    assert np001[0].object.name == "bad"


def test_a_grant_across_namespaces_returns_a_policy_set_with_its_policies():
    import cdk8s_plus_28 as kplus
    from cdk8s_netpol_baseline import Workloads

    chart = Chart(App(), "shop")
    web = kplus.Deployment(chart, "web", metadata={"namespace": "frontend"}, containers=[kplus.ContainerProps(image="web")])
    api = kplus.Deployment(chart, "api", metadata={"namespace": "shop"},
                           containers=[kplus.ContainerProps(image="api", port_number=8080)])
    allow = Workloads.allow_connection(chart, web, api)
    assert isinstance(allow, CrossNamespaceAllow)
    assert allow.name == "allow-frontend-web-to-api"
    assert [p.name for p in allow.policies] == ["allow-frontend-web-to-api"]
    baseline = NamespaceBaseline(chart, "baseline", namespace="shop", lint=False)
    same = baseline.allow_connection(api, api)
    assert isinstance(same, AllowConnection)
