import { manifestOptions } from './default-namespace';
import { UserError, messageOf } from './errors';
import { LoadedObject } from './load-manifests';
import { lintManifests } from '../analysis/lint';
import { LintFinding, LintSeverity } from '../analysis/lint-finding';
import { Reachability } from '../analysis/reachability';

/*
 * The one place where the CLI calls the analysis layer. The engine reads odd objects tolerantly; if it
 * still throws on some input, the user gets the reason as unusable input, never a stack trace.
 */

/** Builds the reachability engine for the manifests. */
export function analyse(objects: readonly LoadedObject[]): Reachability {
  return guarded('analyse the manifests', () => Reachability.fromManifests(objects.map((o) => o.object), manifestOptions()));
}

/**
 * Notes for graph and explain: objects the engine had to leave out change the answer, and the user
 * should know before trusting it.
 */
export function analysisNotes(reach: Reachability): string[] {
  const notes: string[] = [];
  const errors = reach.problems.filter((p) => p.severity === LintSeverity.ERROR);
  if (errors.length > 0) {
    const objects = [...new Set(errors.map((e) => `${e.object.kind} ${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name ?? ''}`))];
    notes.push(`${objects.length} object${objects.length === 1 ? ' has' : 's have'} errors the API server would reject, and the analysis ` +
      `leaves them out: ${objects.slice(0, 5).join(', ')}${objects.length > 5 ? ', ...' : ''}; run "cdk8s-netpol audit" for details`);
  }
  if (reach.workloads.length === 0) {
    notes.push('the manifests hold no Pods or workloads (Deployments, StatefulSets, ...): add them to see who can reach whom');
  }
  return notes;
}

/**
 * The lint findings of the manifests, most severe first; `ignore` leaves out codes such as NP006,
 * `namespaces` keeps only findings about those namespaces.
 */
export function lintObjects(objects: readonly LoadedObject[], ignore: string[] = [], namespaces?: string[]): LintFinding[] {
  return guarded('lint the manifests', () => lintManifests(objects.map((o) => o.object), { ignore, namespaces, ...manifestOptions() }));
}

/** Runs an engine call; its errors are the user's input's fault (an unknown namespace, a bad address). */
export function guarded<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof UserError) {
      throw err;
    }
    const message = messageOf(err);
    // Every "unknown namespace" of the engine gets a fix line (the CLI checks most names before).
    const hint = /unknown namespace/.test(message)
      ? 'name a namespace of the manifests ("cdk8s-netpol summary PATH..." lists them); for the cluster DNS pods write dns' : undefined;
    throw new UserError(`could not ${what}: ${message}`, hint);
  }
}
