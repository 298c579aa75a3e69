import { App, Chart } from 'cdk8s';
import { chartObjects } from './chart-objects';
import { clusterPolicyChecks } from './cluster-policy-lint';
import { runChecks } from './lint-checks';
import { LintFinding, LintSeverity, formatFinding } from './lint-finding';
import { runServiceChecks } from './lint-services';
import { ManifestOptions } from './manifest-options';
import { readManifests } from './manifest-reader';

/**
 * What to lint, and how to read the manifests.
 */
export interface LintOptions extends ManifestOptions {
  /**
   * Report only findings about objects in these namespaces (and the Namespace objects themselves).
   *
   * @default - every namespace
   */
  readonly namespaces?: string[];

  /**
   * Codes to leave out, such as `NP006`.
   *
   * @default - none
   */
  readonly ignore?: string[];
}

const ORDER = [LintSeverity.ERROR, LintSeverity.WARNING, LintSeverity.INFO];

/**
 * Codes in ascending order. Compared as plain strings: for `NP` and three digits that is the order
 * `localeCompare` gives, without the collator it sets up on its first call (15 ms, a tenth of a small
 * synthesis, which lints whenever two findings share a severity).
 */
function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lint for NetworkPolicy manifests: isolation gaps, selectors that select nothing, spoofable
 * namespace labels, the guide's broken YAML shapes. Codes are stable (NP001...); see the README.
 */
export class Lint {
  /** Lints plain Kubernetes objects as parsed from YAML or JSON. Findings are sorted by severity. */
  public static manifests(manifests: any[], options?: LintOptions): LintFinding[] {
    const model = readManifests(manifests, options);
    const all = [...model.problems, ...runChecks(model), ...runServiceChecks(model), ...clusterPolicyChecks(model)];
    const namespaces = options?.namespaces;
    const ignore = new Set(options?.ignore ?? []);
    return all
      .filter((f) => !ignore.has(f.code))
      .filter((f) => namespaces === undefined ||
        (f.object.namespace !== undefined ? namespaces.includes(f.object.namespace)
          : f.object.kind === 'Namespace' && f.object.name !== undefined && namespaces.includes(f.object.name)))
      .sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || byCode(a.code, b.code));
  }

  /**
   * Lints the objects a cdk8s chart synthesizes; those a baseline with `omitNamespace` writes without
   * metadata.namespace are read in its namespace.
   */
  public static chart(chart: Chart, options?: LintOptions): LintFinding[] {
    return Lint.manifests(chartObjects(chart), options);
  }

  /** Lints the objects of every chart of a cdk8s app (as `chart` reads each). */
  public static app(app: App, options?: LintOptions): LintFinding[] {
    return Lint.manifests(app.charts.flatMap(chartObjects), options);
  }

  /**
   * One line per finding: `ERROR NP001 NetworkPolicy x/db: ... (fix: ...)`.
   *
   * @deprecated add a `NetworkPolicyLintValidation` to the chart to fail synthesis with these lines, or
   * print the finding's fields (`severity`, `code`, `object`, `message`, `fix`) as your tool needs
   */
  public static format(findings: LintFinding[]): string[] {
    return findings.map(formatFinding);
  }

  private constructor() {}
}

/**
 * Lints plain Kubernetes objects (same as `Lint.manifests`, for the CLI and the tests).
 * @internal
 */
export function lintManifests(manifests: any[], options?: LintOptions): LintFinding[] {
  return Lint.manifests(manifests, options);
}
