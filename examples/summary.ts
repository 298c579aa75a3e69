/**
 * A one-line, human-readable summary per namespace, computed from synthesized manifests alone: how many
 * policies, whether ingress and egress are denied by default, DNS, and which pods accept what from whom.
 */

/** A Kubernetes object as parsed from a manifest. */
export interface ManifestObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { name?: string; namespace?: string };
  readonly spec?: any;
}

function labelsText(selector: any): string {
  const labels = selector?.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  if (keys.length === 0 && !selector?.matchExpressions) return 'all pods';
  const parts = keys.map((k) => `${k}=${labels[k]}`);
  if (selector?.matchExpressions) parts.push('…expressions');
  return parts.join(',');
}

function peerText(peer: any): string {
  if (peer.ipBlock) {
    return peer.ipBlock.except?.length ? `${peer.ipBlock.cidr} except ${peer.ipBlock.except.length}` : peer.ipBlock.cidr;
  }
  if (peer.namespaceSelector) {
    const ns = peer.namespaceSelector.matchLabels ?? {};
    const values = Object.values(ns);
    const nsText = values.length === 1 ? String(values[0]) : `ns(${labelsText(peer.namespaceSelector)})`;
    return `${nsText}/${labelsText(peer.podSelector)}`;
  }
  return labelsText(peer.podSelector);
}

function portsText(ports: any[] | undefined): string {
  if (!ports?.length) return '';
  return ports.map((p) => {
    const proto = String(p.protocol ?? 'TCP').toLowerCase();
    const port = p.port === undefined ? 'all' : p.endPort ? `${p.port}-${p.endPort}` : String(p.port);
    return `${proto}/${port}`;
  }).join('+');
}

function ruleText(rule: any, peersKey: 'from' | 'to', anyone: string): string {
  const peers = rule[peersKey];
  const who = peers?.length ? peers.map(peerText).join(' | ') : anyone;
  const ports = portsText(rule.ports);
  return ports ? `${who} on ${ports}` : who;
}

function isDefaultDeny(policy: ManifestObject, type: string): boolean {
  const spec = policy.spec ?? {};
  const rules = type === 'Ingress' ? spec.ingress : spec.egress;
  return labelsText(spec.podSelector) === 'all pods' && (spec.policyTypes ?? []).includes(type) && !rules?.length;
}

function isDns(rule: any): boolean {
  return (rule.ports ?? []).some((p: any) => p.port === 53);
}

/** One line per namespace, sorted by namespace name. */
export function summarize(objects: ManifestObject[]): string[] {
  const byNamespace = new Map<string, ManifestObject[]>();
  for (const o of objects) {
    if (o.kind !== 'NetworkPolicy') continue;
    const ns = o.metadata?.namespace ?? 'default';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), o]);
  }
  return [...byNamespace.keys()].sort().map((ns) => {
    const policies = byNamespace.get(ns)!;
    const denyIngress = policies.some((p) => isDefaultDeny(p, 'Ingress'));
    const denyEgress = policies.some((p) => isDefaultDeny(p, 'Egress'));
    const egressRules = policies.flatMap((p) => p.spec?.egress ?? []);
    const dns = egressRules.some(isDns);
    const accepts = policies.flatMap((p) => (p.spec?.ingress ?? []).map((r: any) =>
      `${labelsText(p.spec.podSelector)} ← ${ruleText(r, 'from', 'anyone')}`));
    const sends = egressRules.filter((r: any) => !isDns(r)).length;
    const head = [
      `${policies.length} ${policies.length === 1 ? 'policy' : 'policies'}`,
      `default-deny ${[denyIngress ? 'ingress' : '', denyEgress ? 'egress' : ''].filter(Boolean).join('+') || 'none'}`,
      ...(denyEgress ? [dns ? 'DNS ok' : 'NO DNS', `${sends} egress allow${sends === 1 ? '' : 's'}`] : []),
    ].join(', ');
    return `${ns}: ${head}; accepts: ${accepts.length ? accepts.join('; ') : 'nothing'}`;
  });
}
