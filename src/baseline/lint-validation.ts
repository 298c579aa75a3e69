import { IConstruct, IValidation } from 'constructs';
import { isAboutNamespaces, lintAtSynth, registerLintAtSynth } from './lint-at-synth';
import { LintSeverity, formatFinding } from '../analysis/lint-finding';

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
 * Attach it with `this.node.addValidation(new NetworkPolicyLintValidation(this, { namespaces }))`. The chart
 * is read once per synthesis, however many of these validations and baselines lint it.
 */
export class NetworkPolicyLintValidation implements IValidation {
  private readonly scope: IConstruct;
  private readonly props: NetworkPolicyLintValidationProps;

  constructor(scope: IConstruct, props?: NetworkPolicyLintValidationProps) {
    this.scope = scope;
    this.props = props ?? {};
    registerLintAtSynth(scope);
  }

  /** The messages of the findings that fail synthesis (empty when there are none). */
  public validate(): string[] {
    const { namespaces, ignore = [], failOnWarnings } = this.props;
    const failing = lintAtSynth(this.scope)
      .filter((f) => !ignore.includes(f.code))
      .filter((f) => namespaces === undefined || isAboutNamespaces(f, namespaces))
      .filter((f) => f.severity === LintSeverity.ERROR || (failOnWarnings === true && f.severity === LintSeverity.WARNING));
    return failing.map(formatFinding);
  }
}
