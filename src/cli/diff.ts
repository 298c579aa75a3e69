import { diffJson, diffMarkdown, diffText } from './diff-report';
import { parseInternetIp } from './endpoints';
import { analyse, analysisNotes, guarded } from './engine';
import { EXIT_FINDINGS, EXIT_OK, UserError } from './errors';
import { loadManifests, STDIN } from './load-manifests';
import { visible } from './printable';
import { ServiceLabels } from './service-labels';
import { ConnectivityDiff } from '../analysis/connectivity-diff';
import { Reachability } from '../analysis/reachability';

/** Options of `cdk8s-netpol diff`. */
export interface DiffOptions {
  readonly before: string[];
  readonly after: string[];
  readonly format: string;
  readonly failOn: string;
  readonly internetIp: string;
}

/** Compares two states of the manifests; exit 1 when the change does what --fail-on names. */
export function runDiff(options: DiffOptions): number {
  const internetIp = parseInternetIp(options.internetIp);
  if (options.before.includes(STDIN) && options.after.includes(STDIN)) {
    throw new UserError('--before and --after both read standard input', 'give files or folders for one side, "-" for the other at most');
  }
  const before = side('before', options.before, options.format);
  const after = side('after', options.after, options.format);
  const diff = guarded('compare the manifests', () => Reachability.diff(before, after, { internetAddress: internetIp }));
  const services = { before: new ServiceLabels(before), after: new ServiceLabels(after) };
  process.stdout.write(options.format === 'json' ? JSON.stringify(diffJson(diff, services), null, 2) + '\n'
    : options.format === 'markdown' ? diffMarkdown(diff, services) : diffText(diff, services));
  return fails(diff, options.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function side(name: string, paths: string[], format: string): Reachability {
  const loaded = loadManifests(paths);
  const reach = analyse(loaded.objects);
  if (format !== 'json') {
    [...loaded.notes, ...analysisNotes(reach)].forEach((n) => process.stderr.write(`note (${name}): ${visible(n)}\n`));
  }
  return reach;
}

/** added: something new is allowed; removed: something allowed is denied now; any: any change; never. */
function fails(diff: ConnectivityDiff, failOn: string): boolean {
  switch (failOn) {
    case 'never': return false;
    case 'removed': return diff.allowsLess;
    case 'any': return !diff.isEmpty;
    default: return diff.allowsMore;
  }
}
