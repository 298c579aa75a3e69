// Test support: asks the project's reachability engine (src/analysis) about synthesized objects, with
// hypothetical pods ({ namespace, labels }) and addresses outside the cluster ({ ip }).
import { Explanation } from '../../src/analysis/explanation';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

export type Labels = { [key: string]: string };

/** A hypothetical pod: its namespace and labels. */
export interface Pod {
  readonly namespace: string;
  readonly labels?: Labels;
}

/** An address outside the cluster. */
export interface Address {
  readonly ip: string;
}

export type Peer = Pod | Address;

/** A hypothetical pod. */
export const pod = (namespace: string, labels: Labels = {}): Pod => ({ namespace, labels });

/** An address outside the cluster. */
export const ip = (address: string): Address => ({ ip: address });

/** The cluster DNS pods the egress baseline keeps reachable. */
export const kubeDns = pod('kube-system', { 'k8s-app': 'kube-dns' });

/** A documentation address (TEST-NET-3) that stands for the internet. */
export const internet = ip('203.0.113.10');

function isPod(p: Peer): p is Pod {
  return (p as Pod).namespace !== undefined;
}

function endpoint(p: Peer): any {
  return isPod(p) ? { namespace: p.namespace, labels: p.labels ?? {} } : { ip: p.ip };
}

/**
 * The engine over a fixed set of objects. Every namespace a question names gets a Namespace object
 * (carrying `namespaceLabels` when given, plus the automatic kubernetes.io/metadata.name), so questions
 * about pods in namespaces the objects never mention can be asked.
 */
export class Net {
  private reach?: Reachability;
  private readonly declared: Set<string>;
  private readonly extra = new Map<string, Labels>();

  public constructor(private readonly objects: any[], namespaceLabels: { [namespace: string]: Labels } = {}) {
    this.declared = new Set(objects.filter((o) => o?.kind === 'Namespace').map((o) => o.metadata?.name));
    for (const [namespace, labels] of Object.entries(namespaceLabels)) {
      if (this.declared.has(namespace)) {
        throw new Error(`test setup: namespace ${namespace} is declared by the objects; set its labels there`);
      }
      this.extra.set(namespace, labels);
    }
  }

  /** The engine's verdict: the egress of `from` AND the ingress of `to`. */
  public canConnect(from: Peer, to: Peer, port = 80, protocol: Protocol | string = Protocol.TCP): boolean {
    return this.explain(from, to, port, protocol).allowed;
  }

  /** Whether `to` admits the connection (its ingress side only, whatever the egress of `from`). */
  public accepts(to: Peer, from: Peer, port = 80, protocol: Protocol | string = Protocol.TCP): boolean {
    return this.explain(from, to, port, protocol).ingress.allowed;
  }

  /** Whether `from` may send the connection (its egress side only, whatever the ingress of `to`). */
  public sends(from: Peer, to: Peer, port = 80, protocol: Protocol | string = Protocol.TCP): boolean {
    return this.explain(from, to, port, protocol).egress.allowed;
  }

  /** Whether a pod is isolated for ingress (some policy of its namespace selects it for Ingress). */
  public isolatedForIngress(p: Pod): boolean {
    return this.explain(internet, p).ingress.isolated;
  }

  /** Whether a pod is isolated for egress. */
  public isolatedForEgress(p: Pod): boolean {
    return this.explain(p, internet).egress.isolated;
  }

  /** The names of the candidate sources that can connect to `to` (both sides), in the given order. */
  public sourcesOf(to: Peer, candidates: { [name: string]: Peer }, port = 80, protocol: Protocol | string = Protocol.TCP): string[] {
    return Object.entries(candidates).filter(([, from]) => this.canConnect(from, to, port, protocol)).map(([n]) => n);
  }

  /** The names of the candidate destinations `from` can connect to (both sides), in the given order. */
  public destinationsOf(from: Peer, candidates: { [name: string]: Peer }, port = 80, protocol: Protocol | string = Protocol.TCP): string[] {
    return Object.entries(candidates).filter(([, to]) => this.canConnect(from, to, port, protocol)).map(([n]) => n);
  }

  /** The engine's explanation. */
  public explain(from: Peer, to: Peer, port = 80, protocol: Protocol | string = Protocol.TCP): Explanation {
    this.know(from);
    this.know(to);
    return this.engine().explain(endpoint(from), endpoint(to), { port, protocol: protocol as Protocol });
  }

  private know(p: Peer): void {
    if (isPod(p) && !this.declared.has(p.namespace) && !this.extra.has(p.namespace)) {
      this.extra.set(p.namespace, {});
      this.reach = undefined;
    }
  }

  private engine(): Reachability {
    if (!this.reach) {
      const namespaces = [...this.extra].map(([name, labels]) => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: Object.keys(labels).length > 0 ? { name, labels } : { name },
      }));
      this.reach = Reachability.fromManifests([...namespaces, ...this.objects]);
      if (this.reach.warnings.length > 0) {
        throw new Error(`the engine could not read the objects cleanly:\n${this.reach.warnings.join('\n')}`);
      }
    }
    return this.reach;
  }
}

/** The engine over `objects` (see `Net`). */
export function net(objects: any[], namespaceLabels?: { [namespace: string]: Labels }): Net {
  return new Net(objects, namespaceLabels);
}
