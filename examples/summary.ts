/**
 * The per-namespace summary that `npx projen examples` prints: the CLI's `cdk8s-netpol summary`
 * (src/cli/summary.ts), so the examples and the command never disagree.
 */
export type { ManifestObject } from '../src/cli/summary';
export { summarize, SUMMARY_LEGEND } from '../src/cli/summary';
