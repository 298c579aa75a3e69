import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterPoliciesOptions } from './cluster-policies-options';
import { isAboutNamespaces, lintAtSynthFailures, registerLintAtSynth } from './lint-at-synth';
import { NamespaceBaseline } from './namespace-baseline';
import { BaselineOptions, baselineOptionsOf } from './options';
import { NamespaceIngressSpec } from './specs';
import { detach } from '../model/detach';
import { fail, show } from '../model/errors';
import { validateNamespaceName } from '../model/names';
import { AdminGuardrails } from '../policies/admin-guardrails';
import { ClusterDefaultDeny } from '../policies/cluster-default-deny';
import { CrossNamespaceAllow } from '../policies/cross-namespace-allow';

/**
 * The options of one namespace of a `ClusterBaseline` that differ from the shared ones: each field given
 * replaces the shared value for that namespace only (`lint: false` leaves this namespace, and the source
 * namespaces its egress sides write to, out of the lint at synth).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface NamespaceOverrides extends BaselineOptions {}

/**
 * Props for `ClusterBaseline`.
 */
export interface ClusterBaselineProps extends BaselineOptions {
  /**
   * The namespaces to protect; each gets a `NamespaceBaseline` with the shared options.
   */
  readonly namespaces: string[];
  /**
   * Options of some namespaces that differ from the shared ones, keyed by namespace (each key must be one
   * of `namespaces`). A field given here replaces the shared value for that namespace only.
   *
   * @default - every namespace takes the shared options
   */
  readonly namespaceOverrides?: { [namespace: string]: NamespaceOverrides };
  /**
   * Also emit cluster-scoped policies of `policy.networking.k8s.io`: a Baseline-tier default deny for
   * every namespace (those created later included) and Admin-tier guardrails. Your network plugin must
   * implement the API version chosen (v1alpha2 by default).
   *
   * @default - no cluster-scoped policies
   */
  readonly clusterPolicies?: ClusterPoliciesOptions;
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

  /** The cluster-scoped policies (`clusterPolicies`), empty without that option. */
  public readonly clusterPolicies: ApiObject[] = [];

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
      const overrides = this.overridesOf(props.namespaceOverrides, namespaces);
      const options = baselineOptionsOf(props);
      this.refuseNamespacelessMix(namespaces, (namespace) => ({ ...options, ...baselineOptionsOf(overrides[namespace] ?? {}) }));
      const linted: NamespaceBaseline[] = [];
      const strict: NamespaceBaseline[] = [];
      for (const namespace of namespaces) {
        const override = overrides[namespace] ?? {};
        const own = { ...options, ...baselineOptionsOf(override) };
        const baseline = new NamespaceBaseline(this, namespace, { ...own, namespace });
        baseline._useSourceEgressResolver((source) => this.baselines.get(source)?.denyEgress);
        baseline._lintedByCluster();
        this.baselines.set(namespace, baseline);
        if (own.lint ?? true) linted.push(baseline);
        if ((own.lint ?? true) && own.failOnWarnings === true) strict.push(baseline);
      }
      this.namespaces = namespaces;
      if (props.clusterPolicies !== undefined) this.addClusterPolicies(props.clusterPolicies);
      if (linted.length > 0) {
        const managed = (baselines: NamespaceBaseline[]) => [...new Set(baselines.flatMap((b) => b._managedNamespaces()))];
        this.node.addValidation({
          validate: () => {
            // a warning fails when it is about a namespace whose own options say failOnWarnings
            const strictNamespaces = managed(strict);
            return lintAtSynthFailures(this, { namespaces: managed(linted), warningFails: (f) => isAboutNamespaces(f, strictNamespaces) });
          },
        });
        registerLintAtSynth(this);
      }
    } catch (err) {
      detach(this);
      throw err;
    }
  }

  /**
   * `omitNamespace` needs a ClusterBaseline of one namespace: its objects go to one chart (one file), and
   * a namespace-less file is applied to one namespace (kustomize moves every object of it there, and
   * `kubectl apply -n` refuses objects of other namespaces), so the policies of a second namespace would
   * land in the wrong one or collide (`default-deny-ingress` in both).
   */
  private refuseNamespacelessMix(namespaces: string[], optionsOf: (namespace: string) => BaselineOptions): void {
    const omitting = namespaces.filter((namespace) => optionsOf(namespace).omitNamespace === true);
    if (omitting.length > 0 && namespaces.length > 1) {
      fail(this, `omitNamespace is set for ${omitting.map((n) => show(n)).join(', ')}, but this ClusterBaseline has ` +
        `${namespaces.length} namespaces (${namespaces.map((n) => show(n)).join(', ')}), written into one chart: a file without ` +
        'metadata.namespace is applied to one namespace, so the others would land in it or collide with it. Give each ' +
        'namespace-less namespace its own NamespaceBaseline in its own Chart, or use "cdk8s-netpol synth --out DIR", ' +
        'which writes one file per namespace');
    }
  }

  /** The cluster-scoped default deny and guardrails, in the API version asked for. */
  private addClusterPolicies(options: ClusterPoliciesOptions): void {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      fail(this, `invalid clusterPolicies ${show(options)}: give an object of options ({} for the defaults)`);
    }
    if (options.defaultDeny ?? true) this.clusterPolicies.push(new ClusterDefaultDeny(this, 'ClusterDefaultDeny', { api: options.api }).policy);
    if (options.guardrails ?? true) this.clusterPolicies.push(...new AdminGuardrails(this, 'AdminGuardrails', { api: options.api }).policies);
  }

  /** The overrides, each keyed by one of the namespaces. */
  private overridesOf(overrides: ClusterBaselineProps['namespaceOverrides'], namespaces: string[]): { [namespace: string]: NamespaceOverrides } {
    if (overrides === undefined || overrides === null) return {};
    if (typeof overrides !== 'object' || Array.isArray(overrides)) {
      fail(this, `invalid namespaceOverrides ${show(overrides)}: give a map from namespace to options`);
    }
    for (const [namespace, override] of Object.entries(overrides)) {
      if (!namespaces.includes(namespace)) {
        fail(this, `invalid namespaceOverrides key ${show(namespace)}: it is not one of namespaces (${namespaces.map((n) => show(n)).join(', ')})`);
      }
      if (override === null || typeof override !== 'object' || Array.isArray(override)) {
        fail(this, `invalid namespaceOverrides[${show(namespace)}] ${show(override)}: give an object of options`);
      }
    }
    return overrides;
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
