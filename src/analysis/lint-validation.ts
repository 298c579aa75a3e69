import { Chart } from 'cdk8s';
import { IConstruct, IValidation } from 'constructs';
import { chartManifestsWithoutValidation } from './chart-manifests';
import { Lint } from './lint';
import { LintSeverity, formatFinding } from './lint-finding';

/**
 * Options of `NetworkPolicyLintValidation`.
 */
export interface NetworkPolicyLintValidationProps {
  /**
   * Lint only objects of these namespaces (the ones the construct manages).
   *
   * @default - every namespace of the chart
   */
  readonly namespaces?: string[];

  /**
   * Codes to leave out.
   *
   * @default - none
   */
  readonly ignore?: string[];

  /**
   * Whether WARNING findings also fail synthesis.
   *
   * @default false (only ERROR findings fail)
   */
  readonly failOnWarnings?: boolean;
}

/**
 * A cdk8s validation that lints the NetworkPolicies of the chart containing `scope` when the app is
 * synthesized; ERROR findings make `app.synth()` (and `cdk8s synth`) fail with their messages.
 *
 * Attach it with `this.node.addValidation(new NetworkPolicyLintValidation(this, { namespaces }))`.
 */
export class NetworkPolicyLintValidation implements IValidation {
  private readonly scope: IConstruct;
  private readonly props: NetworkPolicyLintValidationProps;

  constructor(scope: IConstruct, props?: NetworkPolicyLintValidationProps) {
    this.scope = scope;
    this.props = props ?? {};
  }

  /** The messages of the findings that fail synthesis (empty when there are none). */
  public validate(): string[] {
    const manifests = chartManifestsWithoutValidation(Chart.of(this.scope));
    const findings = Lint.manifests(manifests, { namespaces: this.props.namespaces, ignore: this.props.ignore });
    const failing = findings.filter((f) => f.severity === LintSeverity.ERROR ||
      (this.props.failOnWarnings === true && f.severity === LintSeverity.WARNING));
    return failing.map(formatFinding);
  }
}
