import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { chartManifestsWithoutValidation } from '../analysis/chart-manifests';
import { Lint } from '../analysis/lint';
import { LintFinding, LintSeverity, formatFinding } from '../analysis/lint-finding';

/**
 * The lint the baselines run at synth. Each baseline has its own validation (so an error names the
 * baseline's path), but reading a chart's objects is slow, and a chart with a hundred baselines would be
 * read a hundred times. So the chart gets one validation that lints it once per synthesis: cdk8s
 * validates in pre-order, so it runs before the validations of the baselines inside the chart, which
 * then pick the ERROR findings of their own namespaces.
 */

interface ChartLint {
  /** Whether each registered baseline lints at synth (read at synthesis). */
  readonly linting: Array<() => boolean>;
  /** The findings of this synthesis, until every linting baseline has taken its share. */
  findings?: LintFinding[];
  remaining: number;
}

const charts = new WeakMap<Chart, ChartLint>();

function chartOf(scope: IConstruct): Chart | undefined {
  try {
    return Chart.of(scope);
  } catch {
    return undefined; // not inside a chart (yet): the baseline lints on its own at synth
  }
}

/** Registers a baseline whose validation calls `lintErrorsAtSynth`. @internal */
export function registerLintAtSynth(scope: IConstruct, linting: () => boolean): void {
  const chart = chartOf(scope);
  if (chart === undefined) return;
  let state = charts.get(chart);
  if (state === undefined) {
    const created: ChartLint = { linting: [], remaining: 0 };
    chart.node.addValidation({
      validate: () => {
        created.remaining = created.linting.filter((l) => l()).length;
        created.findings = created.remaining > 0 ? Lint.manifests(chartManifestsWithoutValidation(chart)) : undefined;
        return [];
      },
    });
    charts.set(chart, created);
    state = created;
  }
  state.linting.push(linting);
}

/** The ERROR findings about objects of `namespaces` (and those Namespace objects), one line each. @internal */
export function lintErrorsAtSynth(scope: IConstruct, namespaces: string[]): string[] {
  const chart = Chart.of(scope);
  const state = charts.get(chart);
  let findings = state?.findings;
  if (state !== undefined && findings !== undefined) {
    state.remaining -= 1;
    if (state.remaining <= 0) state.findings = undefined; // the next synthesis reads the chart again
  } else {
    findings = Lint.manifests(chartManifestsWithoutValidation(chart));
  }
  return findings
    .filter((f) => f.severity === LintSeverity.ERROR)
    .filter((f) => (f.object.namespace !== undefined ? namespaces.includes(f.object.namespace)
      : f.object.kind === 'Namespace' && f.object.name !== undefined && namespaces.includes(f.object.name)))
    .map(formatFinding);
}
