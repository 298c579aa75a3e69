import { visible } from './printable';
import { ConnectivityDiff } from '../analysis/connectivity-diff';
import { ConnectionChange, DirectionReason, EndpointChange } from '../analysis/diff';

/** Rows per markdown table: a pull-request comment stays readable (and under GitHub's size limit). */
export const MARKDOWN_ROWS = 100;

const reasons = (rs: readonly DirectionReason[]) => rs.map((r) => r.reason);

function endpointLine(e: EndpointChange): string {
  const where = e.newNamespace ? ` (new namespace ${e.namespace})` : '';
  return `${e.id}${where}: reaches ${e.reaches}, reachable from ${e.reachableFrom}${e.openToAll ? ', open to every endpoint on every port' : ''}`;
}

/** The diff as text: a summary line, then each change with the reasons on each side. */
export function diffText(diff: ConnectivityDiff): string {
  const lines = [diff.summary];
  type Line = (c: ConnectionChange) => string;
  const section = (title: string, changes: readonly ConnectionChange[], line: Line, why: (c: ConnectionChange) => string[]) => {
    if (changes.length === 0) return;
    lines.push('', `${title}:`);
    for (const c of changes) lines.push(`  ${line(c)}`, ...why(c).map((r) => `      ${r}`));
  };
  const both = (c: ConnectionChange) => [...reasons(c.beforeReasons).map((r) => `was: ${r}`), ...reasons(c.afterReasons).map((r) => `now: ${r}`)];
  section('added connections', diff.added, (c) => `${c.from} => ${c.to} : ${c.gained}`, both);
  section('removed connections', diff.removed, (c) => `${c.from} => ${c.to} : ${c.lost}`, both);
  section('changed connections', diff.changed, (c) => `${c.from} => ${c.to} : ${c.before} -> ${c.after}` +
    `${c.gained.isEmpty ? '' : ` (gained ${c.gained})`}${c.lost.isEmpty ? '' : ` (lost ${c.lost})`}`,
  both);
  const endpoints = (title: string, list: readonly EndpointChange[]) => {
    if (list.length > 0) lines.push('', `${title}:`, ...list.map((e) => `  ${endpointLine(e)}`));
  };
  endpoints('new workloads', diff.addedEndpoints);
  endpoints('removed workloads', diff.removedEndpoints);
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
export function diffMarkdown(diff: ConnectivityDiff): string {
  const icon = diff.allowsMore ? ':warning:' : diff.isEmpty ? ':white_check_mark:' : ':information_source:';
  const lines = [`${icon} **Connectivity diff**: ${markdownCell(diff.summary)}`];
  const why = (rs: readonly DirectionReason[]) => reasons(rs).join('; ');
  const pairs = (title: string, changes: readonly ConnectionChange[], head: string[], row: (c: ConnectionChange) => string[]) => {
    if (changes.length > 0) lines.push('', `### ${title}`, ...table(['From', 'To', ...head], changes.map((c) => [c.from, c.to, ...row(c)]), 0));
  };
  pairs('Added connections', diff.added, ['Connections', 'Why before', 'Why now'], (c) => [c.gained.toString(), why(c.beforeReasons), why(c.afterReasons)]);
  pairs('Removed connections', diff.removed, ['Connections', 'Why before', 'Why now'], (c) => [c.lost.toString(), why(c.beforeReasons), why(c.afterReasons)]);
  pairs('Changed connections', diff.changed, ['Before', 'After', 'Gained', 'Lost', 'Why before', 'Why now'],
    (c) => [c.before.toString(), c.after.toString(), c.gained.toString(), c.lost.toString(), why(c.beforeReasons), why(c.afterReasons)]);
  const endpoints = (title: string, list: readonly EndpointChange[]) => {
    if (list.length === 0) return;
    lines.push('', `### ${title}`, ...table(['Workload', 'Namespace', 'Reaches', 'Reachable from', 'Open to all'],
      list.map((e) => [e.id, `${e.namespace}${e.newNamespace ? ' (new)' : ''}`, `${e.reaches}`, `${e.reachableFrom}`, e.openToAll ? 'yes' : 'no']), 0));
  };
  endpoints('New workloads', diff.addedEndpoints);
  endpoints('Removed workloads', diff.removedEndpoints);
  return lines.join('\n') + '\n';
}
