import { visible } from './printable';
import { ServiceLabels } from './service-labels';
import { ConnectivityDiff } from '../analysis/connectivity-diff';
import { ConnectionChange, DirectionReason, EndpointChange } from '../analysis/diff';

/** Rows per markdown table: a pull-request comment stays readable (and under GitHub's size limit). */
export const MARKDOWN_ROWS = 100;

const reasons = (rs: readonly DirectionReason[]) => rs.map((r) => r.reason);

/** The Services of each side, to name the workloads by them (service-labels.ts). */
export interface DiffServices {
  readonly before: ServiceLabels;
  readonly after: ServiceLabels;
}

/** A workload named with its Services: those of the after side, else those it had before. */
function named(s: DiffServices, id: string): string {
  const of = s.after.of(id) ?? s.before.of(id);
  return of === undefined ? id : `${id} (${of})`;
}

/** The Service ports a change reaches: what it gains (after) and loses (before). */
function servicePortsOf(s: DiffServices, c: ConnectionChange): string {
  const gained = s.after.through(c.to, c.gained);
  const lost = s.before.through(c.to, c.lost);
  if (c.before.isEmpty || c.after.isEmpty) return [...gained, ...lost].join(', ');
  return [...(gained.length > 0 ? [`gained ${gained.join(', ')}`] : []), ...(lost.length > 0 ? [`lost ${lost.join(', ')}`] : [])].join('; ');
}

/** The diff as JSON, each change with the Service ports of its destination on each side (`services`), where it has some. */
export function diffJson(diff: ConnectivityDiff, s: DiffServices): any {
  const json = diff.toJson();
  const withServices = (list: readonly ConnectionChange[], out: any[]) => out.map((o, i) => {
    const c = list[i];
    const [before, after] = [s.before.json(c.to, c.before), s.after.json(c.to, c.after)];
    return before.length + after.length === 0 ? o : { ...o, services: { before, after } };
  });
  return {
    ...json,
    added: withServices(diff.added, json.added),
    removed: withServices(diff.removed, json.removed),
    changed: withServices(diff.changed, json.changed),
  };
}

function endpointLine(e: EndpointChange, labels: ServiceLabels): string {
  const where = e.newNamespace ? ` (new namespace ${e.namespace})` : '';
  return `${labels.label(e.id)}${where}: reaches ${e.reaches}, reachable from ${e.reachableFrom}${e.openToAll ? ', open to every endpoint on every port' : ''}`;
}

/** The diff as text: a summary line, then each change with the reasons on each side. */
export function diffText(diff: ConnectivityDiff, s: DiffServices): string {
  const lines = [diff.summary];
  type Line = (c: ConnectionChange) => string;
  const section = (title: string, changes: readonly ConnectionChange[], line: Line, why: (c: ConnectionChange) => string[]) => {
    if (changes.length === 0) return;
    lines.push('', `${title}:`);
    for (const c of changes) lines.push(`  ${line(c)}`, ...why(c).map((r) => `      ${r}`));
  };
  const both = (c: ConnectionChange) => [...reasons(c.beforeReasons).map((r) => `was: ${r}`), ...reasons(c.afterReasons).map((r) => `now: ${r}`)];
  const pair = (c: ConnectionChange) => `${named(s, c.from)} => ${named(s, c.to)}`;
  section('added connections', diff.added, (c) => `${pair(c)} : ${s.after.setText(c.to, c.gained)}`, both);
  section('removed connections', diff.removed, (c) => `${pair(c)} : ${s.before.setText(c.to, c.lost)}`, both);
  section('changed connections', diff.changed, (c) => `${pair(c)} : ${s.before.setText(c.to, c.before)} -> ${s.after.setText(c.to, c.after)}` +
    `${c.gained.isEmpty ? '' : ` (gained ${c.gained})`}${c.lost.isEmpty ? '' : ` (lost ${c.lost})`}`,
  both);
  const endpoints = (title: string, list: readonly EndpointChange[], labels: ServiceLabels) => {
    if (list.length > 0) lines.push('', `${title}:`, ...list.map((e) => `  ${endpointLine(e, labels)}`));
  };
  endpoints('new workloads', diff.addedEndpoints, s.after);
  endpoints('removed workloads', diff.removedEndpoints, s.before);
  return visible(lines.join('\n'), '\n') + '\n';
}

/** Text for a markdown table cell: nothing in it can end the cell, start markup or break the row. */
export function markdownCell(text: string): string {
  return visible(text).replace(/[\\|`*_<>&[\]#~]/g, (c) => `&#${c.codePointAt(0)};`);
}

function table(header: string[], rows: string[][], more: number): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const shown = rows.slice(0, MARKDOWN_ROWS).map((r) => line(r.map(markdownCell)));
  const rest = rows.length - shown.length + more;
  return ['', line(header), line(header.map(() => '---')), ...shown, ...(rest > 0 ? ['', `... and ${rest} more (see --format json)`] : [])];
}

/** The diff as markdown for a pull-request comment: a summary line, then tables of the changes with their reasons. */
export function diffMarkdown(diff: ConnectivityDiff, s: DiffServices): string {
  const icon = diff.allowsMore ? ':warning:' : diff.isEmpty ? ':white_check_mark:' : ':information_source:';
  const lines = [`${icon} **Connectivity diff**: ${markdownCell(diff.summary)}`];
  const why = (rs: readonly DirectionReason[]) => reasons(rs).join('; ');
  const pairs = (title: string, changes: readonly ConnectionChange[], head: string[], row: (c: ConnectionChange) => string[]) => {
    if (changes.length === 0) return;
    const rows = changes.map((c) => [named(s, c.from), named(s, c.to), ...row(c)]);
    lines.push('', `### ${title}`, ...table(['From', 'To', ...head], rows, 0));
  };
  pairs('Added connections', diff.added, ['Connections', 'Service ports', 'Why before', 'Why now'],
    (c) => [c.gained.toString(), servicePortsOf(s, c), why(c.beforeReasons), why(c.afterReasons)]);
  pairs('Removed connections', diff.removed, ['Connections', 'Service ports', 'Why before', 'Why now'],
    (c) => [c.lost.toString(), servicePortsOf(s, c), why(c.beforeReasons), why(c.afterReasons)]);
  pairs('Changed connections', diff.changed, ['Before', 'After', 'Gained', 'Lost', 'Service ports', 'Why before', 'Why now'],
    (c) => [c.before.toString(), c.after.toString(), c.gained.toString(), c.lost.toString(), servicePortsOf(s, c),
      why(c.beforeReasons), why(c.afterReasons)]);
  const endpoints = (title: string, list: readonly EndpointChange[]) => {
    if (list.length === 0) return;
    lines.push('', `### ${title}`, ...table(['Workload', 'Namespace', 'Reaches', 'Reachable from', 'Open to all'],
      list.map((e) => [named(s, e.id), `${e.namespace}${e.newNamespace ? ' (new)' : ''}`, `${e.reaches}`, `${e.reachableFrom}`, e.openToAll ? 'yes' : 'no']), 0));
  };
  endpoints('New workloads', diff.addedEndpoints);
  endpoints('Removed workloads', diff.removedEndpoints);
  return lines.join('\n') + '\n';
}
