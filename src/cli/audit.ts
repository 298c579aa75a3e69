import { defaultNamespace } from './default-namespace';
import { parseNamespaces } from './endpoints';
import { analyse, lintObjects } from './engine';
import { EXIT_FINDINGS, EXIT_OK, UserError } from './errors';
import { loadManifests, LoadedObject } from './load-manifests';
import { LintFinding, LintSeverity } from '../analysis/lint-finding';
import { groupBy } from '../model/group-by';

/** Options of `cdk8s-netpol audit`. */
export interface AuditOptions {
  readonly format: string;
  readonly failOn: string;
  readonly ignore?: string;
  readonly namespace?: string;
}

/** Where an object was read. */
interface Location {
  readonly file: string;
  readonly line: number;
}

/** A finding with the place the object was read. */
interface LocatedFinding extends LintFinding {
  /** The file of the object, when it is known and unique. */
  readonly file?: string;
  /** The line of the object in `file`. */
  readonly line?: number;
  /** Every place the object may be (more than one when a name is used twice); empty when unknown. */
  readonly locations: Location[];
}

const RANK: { [severity: string]: number } = { [LintSeverity.ERROR]: 3, [LintSeverity.WARNING]: 2, [LintSeverity.INFO]: 1 };

/**
 * The namespaces --namespace may name: those of the analysis, and those of objects it leaves out
 * (an invalid `N2`), whose findings the audit still shows.
 */
function auditedNamespaces(objects: Parameters<typeof analyse>[0]): string[] {
  const reach = analyse(objects);
  const leftOut = reach.problems.map((p) => p.object.namespace).filter((n): n is string => n !== undefined);
  return [...new Set([...reach.namespaces, ...leftOut])].sort();
}

/** Runs the audit and returns the exit status. */
export function runAudit(paths: string[], options: AuditOptions): number {
  const loaded = loadManifests(paths);
  const ignore = parseCodes(options.ignore);
  // A misspelt namespace must not turn into a silent pass in CI.
  const namespaces = options.namespace === undefined ? undefined : parseNamespaces(options.namespace, auditedNamespaces(loaded.objects));
  const findings = [...yamlFindings(loaded.objects, ignore, namespaces), ...locate(lintObjects(loaded.objects, ignore, namespaces), loaded.objects)]
    .sort((a, b) => (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0));
  const threshold = options.failOn === 'error' ? RANK[LintSeverity.ERROR] : RANK[LintSeverity.WARNING];
  const failing = findings.filter((f) => (RANK[f.severity] ?? 0) >= threshold).length;
  const count = (s: LintSeverity) => findings.filter((f) => f.severity === s).length;
  const summary = {
    errors: count(LintSeverity.ERROR),
    warnings: count(LintSeverity.WARNING),
    infos: count(LintSeverity.INFO),
    objects: loaded.objects.length,
  };

  if (options.format === 'json') {
    process.stdout.write(JSON.stringify({ findings, summary, failOn: options.failOn, notes: loaded.notes }, null, 2) + '\n');
  } else {
    loaded.notes.forEach((n) => process.stderr.write(`note: ${n}\n`));
    const out: string[] = [];
    for (const f of findings) {
      const where = f.locations.length > 0 ? `${f.locations.map((l) => `${l.file}:${l.line}`).join(', ')}: ` : '';
      out.push(`${where}${f.severity} ${f.code} ${describe(f.object)}`);
      out.push(`  ${f.message}`);
      out.push(`  fix: ${f.fix}`);
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
    out.push(`${findings.length === 0 ? 'no findings' : `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}`}` +
      ` in ${plural(summary.objects, 'object')}` + (failing > 0 ? ` (failing: ${failing} at or above ${options.failOn})` : ''));
    process.stdout.write(out.join('\n') + '\n');
  }
  return failing > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The code of a value kubectl (YAML 1.1) reads differently from YAML 1.2 tools. */
export const YAML_DIFFERENCE_CODE = 'NP017';

/** One NP017 warning for every value whose YAML 1.1 and 1.2 readings differ, at its own line. */
function yamlFindings(objects: readonly LoadedObject[], ignore: string[], namespaces: string[] | undefined): LocatedFinding[] {
  if (ignore.includes(YAML_DIFFERENCE_CODE)) return [];
  const out: LocatedFinding[] = [];
  for (const o of objects) {
    if (!o.differences) continue;
    const kind = String(o.object.kind);
    const namespace = kind === 'Namespace' ? undefined : typeof o.object.metadata?.namespace === 'string' && o.object.metadata.namespace !== '' ? o.object.metadata.namespace : defaultNamespace();
    const name = typeof o.object.metadata?.name === 'string' ? o.object.metadata.name : undefined;
    if (namespaces && !namespaces.includes(namespace ?? name ?? '')) continue;
    for (const d of o.differences) {
      out.push({
        severity: LintSeverity.WARNING,
        code: YAML_DIFFERENCE_CODE,
        object: { kind, ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}) },
        message: d.message,
        fix: d.fix,
        file: o.file,
        line: d.line,
        locations: [{ file: o.file, line: d.line }],
      });
    }
  }
  return out;
}

/** `--ignore NP006,np007` → `['NP006', 'NP007']`. */
function parseCodes(text: string | undefined): string[] {
  if (text === undefined) {
    return [];
  }
  const codes = text.split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  const bad = codes.filter((c) => !/^NP\d{3}$/.test(c));
  if (bad.length > 0) {
    throw new UserError(`--ignore ${JSON.stringify(text)}: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not a finding code`,
      'give codes such as NP006, separated by commas (the codes are in the README and in every finding)');
  }
  return codes;
}

function describe(o: LintFinding['object']): string {
  const name = o.namespace !== undefined && o.name !== undefined ? `${o.namespace}/${o.name}` : o.name ?? o.namespace ?? '';
  return `${o.kind}${name ? ` ${name}` : ''}`;
}

/**
 * Adds where the object of each finding was read. An object name can occur more than once (the guide
 * reuses policy names): when a check fires once per occurrence the findings are matched in order,
 * otherwise the finding lists every place.
 */
/** Kinds without a namespace: findings name them without one. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

function locate(findings: readonly LintFinding[], objects: readonly LoadedObject[]): LocatedFinding[] {
  const keyOf = (kind: string, namespace: string | undefined, name: string | undefined) => `${kind}/${namespace ?? ''}/${name ?? ''}`;
  const namespaceOf = (o: any) => (CLUSTER_SCOPED.has(o.kind) ? undefined : o.metadata?.namespace || defaultNamespace());
  const places = groupBy(objects, (o) => keyOf(o.object.kind, namespaceOf(o.object), o.object.metadata?.name));
  const total = new Map<string, number>();
  findings.forEach((f) => {
    const k = `${keyOf(f.object.kind, f.object.namespace, f.object.name)}#${f.code}`;
    total.set(k, (total.get(k) ?? 0) + 1);
  });
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = keyOf(f.object.kind, f.object.namespace, f.object.name);
    const found = places.get(key);
    if (!found) {
      return { ...f, locations: [] };
    }
    const k = `${key}#${f.code}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    if (found.length === 1 || total.get(k) === found.length) {
      const o = found[Math.min(n, found.length - 1)];
      return { ...f, file: o.file, line: o.line, locations: [{ file: o.file, line: o.line }] };
    }
    return { ...f, locations: found.map((o) => ({ file: o.file, line: o.line })) };
  });
}
