import { CompiledRule, NAMESPACE_NAME_LABEL } from './cluster-model';
import { LintFinding, LintSeverity, ObjectReference } from './lint-finding';

/**
 * NP010: namespaceSelector label keys other than the API server's own name label. Shared by the checks
 * of accepted policies and by the compiler, which reports them for rejected policies whose rules it can
 * still read (the guide's rules nested under policyTypes), so fixing the shape does not hide the next problem.
 */

/** The label keys of the namespace selectors of these rules that anyone allowed to label namespaces can forge. @internal */
export function spoofableNamespaceLabels(rules: readonly CompiledRule[]): Set<string> {
  const keys = new Set<string>();
  for (const rule of rules) {
    for (const peer of rule.peers) {
      for (const req of (peer.kind === 'pods' ? peer.namespaceSelector?.requirements : undefined) ?? []) {
        if (req.key !== NAMESPACE_NAME_LABEL) keys.add(req.key);
      }
    }
  }
  return keys;
}

/** @internal */
export function spoofableLabelFinding(object: ObjectReference, key: string): LintFinding {
  return {
    severity: LintSeverity.WARNING,
    code: 'NP010',
    object,
    message: `a namespaceSelector uses the label ${JSON.stringify(key)}: anyone allowed to label namespaces can add it to their own namespace and be admitted`,
    fix: `select namespaces by ${NAMESPACE_NAME_LABEL} (set by the API server, cannot be changed), e.g. matchLabels: {${NAMESPACE_NAME_LABEL}: <name>}`,
  };
}
