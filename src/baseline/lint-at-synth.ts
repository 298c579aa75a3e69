import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { chartManifestsWithoutValidation } from './chart-manifests';
import { Lint } from '../analysis/lint';
import { LintFinding, LintSeverity, formatFinding } from '../analysis/lint-finding';

/**
 * The lint that runs at synth, for the baselines and for `NetworkPolicyLintValidation`. Each has its own
 * validation (so an error names its path), but reading a chart's objects is slow, and a chart with a
 * hundred baselines would be read a hundred times. So a chart is linted once per synthesis and its
 * findings are shared. cdk8s validates the tree in pre-order from the root, so a validation on the root
 * runs first in every synthesis: it starts a new generation, and findings of an older one are read anew.
 * That holds wherever a consumer's validation is attached, even on the App itself.
 */

interface RootState {
  generation: number;
  /** The findings of each chart, with the generation they were read in. */
  readonly charts: WeakMap<Chart, { readonly generation: number; readonly findings: LintFinding[] }>;
}

const roots = new WeakMap<IConstruct, RootState>();

/** Registers a construct whose validation calls `lintAtSynth`; call it before adding that validation. @internal */
export function registerLintAtSynth(scope: IConstruct): void {
  const root = scope.node.root;
  if (roots.has(root)) return;
  const state: RootState = { generation: 0, charts: new WeakMap() };
  root.node.addValidation({ validate: () => { state.generation += 1; return []; } });
  roots.set(root, state);
}

/** Every finding about the chart of `scope`, read once per synthesis (unfiltered, in the lint's order). @internal */
export function lintAtSynth(scope: IConstruct): LintFinding[] {
  const chart = Chart.of(scope);
  const state = roots.get(chart.node.root);
  const cached = state?.charts.get(chart);
  if (state !== undefined && cached !== undefined && cached.generation === state.generation) return cached.findings;
  const findings = Lint.manifests(chartManifestsWithoutValidation(chart));
  state?.charts.set(chart, { generation: state.generation, findings });
  return findings;
}

/** Whether a finding is about an object of `namespaces` or one of those Namespace objects (`Lint`'s rule). @internal */
export function isAboutNamespaces(f: LintFinding, namespaces: readonly string[]): boolean {
  return f.object.namespace !== undefined ? namespaces.includes(f.object.namespace)
    : f.object.kind === 'Namespace' && f.object.name !== undefined && namespaces.includes(f.object.name);
}

/** The ERROR findings about objects of `namespaces` (and those Namespace objects), one line each. @internal */
export function lintErrorsAtSynth(scope: IConstruct, namespaces: string[]): string[] {
  return lintAtSynth(scope)
    .filter((f) => f.severity === LintSeverity.ERROR)
    .filter((f) => isAboutNamespaces(f, namespaces))
    .map(formatFinding);
}
