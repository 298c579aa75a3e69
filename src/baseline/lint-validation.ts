import { IConstruct, IValidation } from 'constructs';
import { lintAtSynthFailures, registerLintAtSynth } from './lint-at-synth';

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
   * Whether WARNING findings also fail synthesis (otherwise they are printed on stderr).
   *
   * @default false (only ERROR findings fail)
   */
  readonly failOnWarnings?: boolean;
}

/**
 * A cdk8s validation that lints the NetworkPolicies of the chart containing `scope` when the app is
 * synthesized; ERROR findings make `app.synth()` (and `cdk8s synth`) fail with their messages, WARNING
 * findings are printed on stderr (once per finding and synthesis), or fail too with `failOnWarnings`.
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

  /** The messages of the findings that fail synthesis (empty when there are none); other warnings are printed on stderr. */
  public validate(): string[] {
    const { namespaces, ignore, failOnWarnings } = this.props;
    return lintAtSynthFailures(this.scope, { namespaces, ignore, warningFails: () => failOnWarnings === true });
  }
}
