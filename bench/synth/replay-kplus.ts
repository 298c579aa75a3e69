import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * The same NetworkPolicies written with cdk8s-plus-28's `kplus.NetworkPolicy`, as a user of that
 * library would write them. Differences forced by its API (noted in the README):
 * - a rule takes ONE peer: a rule with several peers becomes several rules (same meaning);
 * - "every source" (a rule with no `from`) exists only as `default: ALLOW` without ports;
 * - ports are numeric only (no named ports; the scenario has none); every object also carries
 *   the selector constructs kplus needs (Pods/Namespaces), which cost construct-tree nodes.
 */

const NAME_LABEL = 'kubernetes.io/metadata.name';

function podsOf(scope: Construct, id: string, podSelector: any, namespaceSelector?: any): kplus.Pods {
  const labels = podSelector?.matchLabels;
  let namespaces: kplus.Namespaces | undefined;
  if (namespaceSelector !== undefined) {
    const nsLabels = namespaceSelector.matchLabels ?? {};
    const keys = Object.keys(nsLabels);
    namespaces = keys.length === 1 && keys[0] === NAME_LABEL
      ? kplus.Namespaces.select(scope, `${id}-ns`, { names: [nsLabels[NAME_LABEL]] })
      : keys.length === 0 ? kplus.Namespaces.all(scope, `${id}-ns`) : kplus.Namespaces.select(scope, `${id}-ns`, { labels: nsLabels });
  }
  if (labels && Object.keys(labels).length > 0) {
    return kplus.Pods.select(scope, id, { labels, namespaces });
  }
  return kplus.Pods.all(scope, id, { namespaces });
}

function peerOf(scope: Construct, id: string, peer: any): kplus.INetworkPolicyPeer {
  if (peer.ipBlock) {
    const { cidr, except } = peer.ipBlock;
    return cidr.includes(':') ? kplus.NetworkPolicyIpBlock.ipv6(scope, id, cidr, except) : kplus.NetworkPolicyIpBlock.ipv4(scope, id, cidr, except);
  }
  return podsOf(scope, id, peer.podSelector ?? {}, peer.namespaceSelector);
}

function portsOf(ports: any[] | undefined): kplus.NetworkPolicyPort[] | undefined {
  if (!ports || ports.length === 0) return undefined;
  return ports.map((p) => {
    if (typeof p.port === 'string') throw new Error(`kplus.NetworkPolicyPort has no named ports (${p.port})`);
    return kplus.NetworkPolicyPort.of({ port: p.port, endPort: p.endPort, protocol: p.protocol as kplus.NetworkProtocol });
  });
}

function trafficOf(scope: Construct, id: string, types: string[], type: string, rules: any[] | undefined,
  peerKey: string): kplus.NetworkPolicyTraffic | undefined {
  if (!types.includes(type)) return undefined;
  let allowAll = false;
  const out: kplus.NetworkPolicyRule[] = [];
  (rules ?? []).forEach((rule, r) => {
    const peers = rule[peerKey];
    if (!peers || peers.length === 0) {
      if (rule.ports && rule.ports.length > 0) throw new Error('kplus cannot express "every peer on some ports" in one rule');
      allowAll = true;
      return;
    }
    peers.forEach((peer: any, p: number) => out.push({ peer: peerOf(scope, `${id}-${type}${r}-${p}`, peer), ports: portsOf(rule.ports) }));
  });
  return {
    default: allowAll ? kplus.NetworkPolicyTrafficDefault.ALLOW : out.length === 0 ? kplus.NetworkPolicyTrafficDefault.DENY : undefined,
    rules: out,
  };
}

/** Builds a kplus app that emits the NetworkPolicies of `manifests` (other kinds are not expected). */
export function buildKplusApp(manifests: any[]): App {
  const app = new App();
  const chart = new Chart(app, 'bench');
  manifests.forEach((m, i) => {
    if (m.kind !== 'NetworkPolicy') throw new Error(`unexpected kind ${m.kind}`);
    const id = `p${i}`;
    const spec = m.spec;
    const types: string[] = spec.policyTypes;
    new kplus.NetworkPolicy(chart, id, {
      metadata: { name: m.metadata.name, namespace: m.metadata.namespace },
      selector: podsOf(chart, `${id}-sel`, spec.podSelector),
      ingress: trafficOf(chart, id, types, 'Ingress', spec.ingress, 'from'),
      egress: trafficOf(chart, id, types, 'Egress', spec.egress, 'to'),
    });
  });
  return app;
}
