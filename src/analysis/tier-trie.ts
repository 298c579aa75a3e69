import { ClusterPolicyModel, ClusterRule } from './cluster-policy-model';
import { Direction } from '../model/direction';

/**
 * For one tier and direction, the lists of policies that select each group (in evaluation order) as a
 * tree of their prefixes: groups selected by the same policies share every node of their path, so
 * the tier matrix applies each policy's rules once per node, not once per group (a few hundred nodes
 * at 1,000 pods and 20 policies). Ingress rules with named ports resolve them against the subject, so
 * there a step of such a policy is also told apart by the subject's named ports (`signature`).
 * Built once per model; the nodes are numbered parents first.
 * @internal
 */
export class TierTrie {
  /**
   * @param selecting per group, the indices in `policies` of those that select it, in order
   * @param signatures per group, a number for its named container ports (equal numbers, equal ports)
   */
  public static build(policies: readonly ClusterPolicyModel[], selecting: readonly (readonly number[])[], direction: Direction,
    signatures: readonly number[]): TierTrie {
    const groupCount = selecting.length;
    const trie = new TierTrie(groupCount);
    const rulesOf = (p: ClusterPolicyModel) => (direction === Direction.INGRESS ? p.ingressRules : p.egressRules);
    const named = policies.map((p) => direction === Direction.INGRESS && rulesOf(p).some(hasNamedPort));
    // A node's children by (policy, signature): the key is a number, so the walk builds no strings.
    const children = new Map<number, number>();
    const kinds = Math.max(0, ...signatures) + 1;
    const width = policies.length * kinds;
    for (let gi = 0; gi < groupCount; gi++) {
      let node = -1;
      for (const pi of selecting[gi]) {
        const key = (node + 1) * width + pi * kinds + (named[pi] ? signatures[gi] : 0);
        let child = children.get(key);
        if (child === undefined) {
          child = trie.add(node, policies[pi], gi);
          children.set(key, child);
        }
        node = child;
      }
      trie.groupNode[gi] = node;
    }
    return trie;
  }

  public readonly parent: number[] = [];
  public readonly policy: ClusterPolicyModel[] = [];
  /** A group whose path goes through the node: the subject that resolves the node's named ports. */
  public readonly subject: number[] = [];
  /** Per group, the node of its whole list; -1 when no policy of the tier selects it. */
  public readonly groupNode: Int32Array;

  private constructor(groupCount: number) {
    this.groupNode = new Int32Array(groupCount);
  }

  public get size(): number {
    return this.parent.length;
  }

  private add(parent: number, policy: ClusterPolicyModel, subject: number): number {
    this.parent.push(parent);
    this.policy.push(policy);
    this.subject.push(subject);
    return this.parent.length - 1;
  }
}

function hasNamedPort(rule: ClusterRule): boolean {
  return rule.ports?.some((e) => e.name !== undefined) ?? false;
}
