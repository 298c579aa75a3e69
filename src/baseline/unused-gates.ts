import { IConstruct } from 'constructs';
import { gateLabelKeys } from './access-label-discovery';
import { LintCode } from '../analysis/lint-code';
import { LintFinding } from '../analysis/lint-finding';

/**
 * The findings that say only that a gate of ours is not in use yet: the guide's label-gated policies
 * (`internet-access`, a hub's clients, a server's targets, the new-deployments pair) wait for pods to
 * get their `<key>: "true"` label, so a policy selecting no pod by that label alone (NP007), or a peer
 * that matches no pod by it (NP008), is the design, not a typo. A baseline creates `internet-access` by
 * default: without this, every app whose pods are all reached through port-scoped grants would print
 * a warning at each synth. A selector on the labels the user gave (`hubLabels`, `toLabels`, ...) is
 * still reported. The keys are those of the gates our constructs open in the finding's namespace, anywhere in the app.
 * @internal
 */
export function unusedGateFilter(scope: IConstruct): (f: LintFinding) => boolean {
  const keysByNamespace = new Map<string, string[]>();
  const keysOf = (namespace: string) => {
    let keys = keysByNamespace.get(namespace);
    if (keys === undefined) {
      keys = gateLabelKeys(scope.node.root, namespace);
      keysByNamespace.set(namespace, keys);
    }
    return keys;
  };
  return (f) => {
    if ((f.code !== LintCode.NP007 && f.code !== LintCode.NP008) || f.object.namespace === undefined) return false;
    return keysOf(f.object.namespace).some((key) => gateSelectorPattern(f.code, key).test(f.message));
  };
}

/** The selector text of the lint's message when it is exactly the gate label (`{key=true}`). */
function gateSelectorPattern(code: string, key: string): RegExp {
  const selector = escape(`{${key}=true}`);
  return code === LintCode.NP007
    ? new RegExp(`^spec\\.podSelector ${selector} selects none`)
    : new RegExp(`\\(pods ${selector} in namespace [^ )]+\\) matches none`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
