import { Construct } from 'constructs';
import { lintErrorsAtSynth, registerLintAtSynth } from './lint-at-synth';
import { NamespaceBaseline } from './namespace-baseline';
import { BaselineOptions, baselineOptionsOf } from './options';
import { NamespaceIngressSpec } from './specs';
import { detach } from '../model/detach';
import { fail, show } from '../model/errors';
import { validateNamespaceName } from '../model/names';
import { CrossNamespaceAllow } from '../policies/cross-namespace-allow';

/**
 * Props for `ClusterBaseline`.
 */
export interface ClusterBaselineProps extends BaselineOptions {
  /**
   * The namespaces to protect; each gets a `NamespaceBaseline` with the shared options.
   */
  readonly namespaces: string[];

  /**
   * Lint the NetworkPolicies of these namespaces (and of the source namespaces where egress sides are
   * created) when the app is synthesized: ERROR findings make `app.synth()` and `cdk8s synth` fail with
   * their code and fix. The namespaces are linted together, once.
   *
   * @default true
   */
  readonly lint?: boolean;
}

/**
 * One `NamespaceBaseline` for every namespace of a cluster, with the same options (the guide: "you will
 * need to create this policy for each namespace").
 *
 * It knows both sides of the cross-namespace allows made through it (`addAllowFrom` here or on one of
 * its baselines): when the source namespace is one of its own and denies egress, the source side gets
 * its egress policy too, so the connection works whichever side denies egress.
 */
export class ClusterBaseline extends Construct {
  /** The namespaces, in the order given. */
  public readonly namespaces: string[];

  private readonly baselines = new Map<string, NamespaceBaseline>();

  public constructor(scope: Construct, id: string, props: ClusterBaselineProps) {
    super(scope, id);
    try {
      if (!Array.isArray(props.namespaces) || props.namespaces.length === 0) {
        fail(this, `invalid namespaces ${show(props.namespaces)}: list at least one namespace`);
      }
      const namespaces = [...props.namespaces];
      namespaces.forEach((namespace, i) => {
        validateNamespaceName(this, namespace, `namespaces[${i}]`);
        const first = namespaces.indexOf(namespace);
        if (first !== i) {
          fail(this, `duplicate namespace ${show(namespace)} in namespaces[${i}]: namespaces[${first}] already lists it`);
        }
      });
      const options = baselineOptionsOf(props);
      for (const namespace of namespaces) {
        const baseline = new NamespaceBaseline(this, namespace, { ...options, namespace, lint: props.lint });
        baseline._useSourceEgressResolver((source) => this.baselines.get(source)?.denyEgress);
        baseline._lintedByCluster();
        this.baselines.set(namespace, baseline);
      }
      this.namespaces = namespaces;
      if (props.lint ?? true) {
        this.node.addValidation({
          validate: () => lintErrorsAtSynth(this, [...new Set([...this.baselines.values()].flatMap((b) => b._managedNamespaces()))]),
        });
        registerLintAtSynth(this);
      }
    } catch (err) {
      detach(this);
      throw err;
    }
  }

  /**
   * The baseline of one namespace, to extend it (`addHub`, `addServer`, `addConnection`, `addAllowFrom`).
   */
  public baseline(namespace: string): NamespaceBaseline {
    const found = this.baselines.get(namespace);
    if (!found) {
      fail(this, `unknown namespace ${show(namespace)}: this ClusterBaseline has ${this.namespaces.map((n) => show(n)).join(', ')}`);
    }
    return found;
  }

  /**
   * Allows ingress into `toNamespace` (one of this cluster's namespaces) from pods of another namespace;
   * the egress side in the source namespace is added when that namespace is one of this cluster's and
   * denies egress.
   */
  public addAllowFrom(toNamespace: string, allow: NamespaceIngressSpec): CrossNamespaceAllow {
    return this.baseline(toNamespace).addAllowFrom(allow);
  }
}
