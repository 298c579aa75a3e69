import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { chartManifestsWithoutValidation } from './chart-manifests';
import { sameJson } from './same-json';
import { unusedGateFilter } from './unused-gates';
import { Lint } from '../analysis/lint';
import { LintFinding, LintSeverity, formatFinding } from '../analysis/lint-finding';
import { chartOmittedNamespace } from '../policies/namespace-omission';

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
  readonly charts: WeakMap<Chart, ChartLint>;
  /**
   * The warnings printed for this app, as printed without the path: each once, however many validations
   * report it. cdk8s validates the whole app once more for every chart it synthesizes (`chart.toJson()`),
   * so one `app.synth()` is several generations: a warning printed per generation would repeat.
   */
  readonly printed: Set<string>;
}

interface ChartLint {
  readonly generation: number;
  /** The namespace objects without one were read in, and the manifests the findings were read from. */
  readonly defaultNamespace?: string;
  readonly manifests: any[];
  readonly findings: LintFinding[];
}

const roots = new WeakMap<IConstruct, RootState>();

/** Registers a construct whose validation calls `lintAtSynth`; call it before adding that validation. @internal */
export function registerLintAtSynth(scope: IConstruct): void {
  const root = scope.node.root;
  if (roots.has(root)) return;
  const state: RootState = { generation: 0, charts: new WeakMap(), printed: new Set() };
  root.node.addValidation({ validate: () => { state.generation += 1; return []; } });
  roots.set(root, state);
}

/** Every finding about the chart of `scope`, read once per synthesis (unfiltered, in the lint's order). @internal */
export function lintAtSynth(scope: IConstruct): LintFinding[] {
  return chartLint(scope).findings;
}

function chartLint(scope: IConstruct): ChartLint {
  const chart = Chart.of(scope);
  const state = roots.get(chart.node.root);
  const cached = state?.charts.get(chart);
  if (state !== undefined && cached !== undefined && cached.generation === state.generation) return cached;
  // Objects written without metadata.namespace (a baseline's omitNamespace) are read in the namespace meant.
  const defaultNamespace = chartOmittedNamespace(chart);
  const manifests = chartManifestsWithoutValidation(chart);
  // The lint is a function of the manifests and that namespace alone, and one synthesis validates the app
  // twice (`synth`, then `chart.toJson()`): a generation that reads the very same input keeps the findings
  // (the lint was half of a synthesis); any change to an object changes the manifests and is linted anew.
  // The manifests are fresh copies (toJson, or the copy of a policy's spec), so the cached ones stay as read.
  const same = cached !== undefined && cached.defaultNamespace === defaultNamespace && sameJson(cached.manifests, manifests);
  const findings = same ? cached.findings : Lint.manifests(manifests, { defaultNamespace });
  const lint = { generation: state?.generation ?? 0, defaultNamespace, manifests, findings };
  state?.charts.set(chart, lint);
  return lint;
}

/** Whether a finding is about an object of `namespaces` or one of those Namespace objects (`Lint`'s rule). @internal */
export function isAboutNamespaces(f: LintFinding, namespaces: readonly string[]): boolean {
  return f.object.namespace !== undefined ? namespaces.includes(f.object.namespace)
    : f.object.kind === 'Namespace' && f.object.name !== undefined && namespaces.includes(f.object.name);
}

/** Which findings a validation reports, and which of its warnings fail synthesis. @internal */
export interface SynthLintScope {
  /** Only findings about these namespaces (and those Namespace objects); all when undefined. */
  readonly namespaces?: readonly string[];
  /** Codes left out. */
  readonly ignore?: readonly string[];
  /** Whether a WARNING finding fails synthesis instead of being printed. */
  readonly warningFails: (f: LintFinding) => boolean;
}

/**
 * The lint at synth for one validation: the lines of the findings that fail synthesis (every ERROR, and
 * the WARNINGs that `warningFails`), returned for cdk8s to report. The other WARNINGs are printed on
 * stderr, once per finding and app, naming `scope`'s path: a warning dropped silently (a
 * connection to a label no pod carries) is a deny nobody meant. INFO findings are not printed, nor
 * warnings that only say a gate of ours is not in use yet (`unusedGateFilter`). @internal
 */
export function lintAtSynthFailures(scope: IConstruct, rules: SynthLintScope): string[] {
  const lint = chartLint(scope);
  const printed = roots.get(scope.node.root)?.printed ?? new Set<string>();
  const ignore = rules.ignore ?? [];
  const unusedGate = unusedGateFilter(scope);
  const findings = lint.findings
    .filter((f) => !ignore.includes(f.code))
    .filter((f) => rules.namespaces === undefined || isAboutNamespaces(f, rules.namespaces))
    .filter((f) => !unusedGate(f));
  const fails = (f: LintFinding) => f.severity === LintSeverity.ERROR || (f.severity === LintSeverity.WARNING && rules.warningFails(f));
  for (const f of findings) {
    const line = formatFinding(f);
    if (f.severity !== LintSeverity.WARNING || fails(f) || printed.has(line)) continue;
    printed.add(line);
    console.warn(`[${scope.node.path}] ${line}`);
  }
  return findings.filter(fails).map(formatFinding);
}
