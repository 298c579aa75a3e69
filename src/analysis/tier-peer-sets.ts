import { BitSet } from './bitset';
import { BitSetSlab } from './bitset-complement';
import { ClusterModel, NAMESPACE_NAME_LABEL } from './cluster-model';
import { ClusterPeer, PodSelection } from './cluster-policy-model';
import { addSelectedGroups, SelectableGroup } from './group-selection';
import { Address, networkContains } from './ip-block';
import { CompiledSelector } from './label-selector';
import { groupBy } from '../model/group-by';

/** What the tier matrix's selections need to know of a group. @internal */
export interface PeerGroup extends SelectableGroup {
  readonly namespace: string;
}

/**
 * The groups (and the external address, index `groups.length`) that the subjects and peers of the
 * cluster-scoped policies match, as bit sets, each computed once: selections by what they say,
 * namespaces by their selector. Peers as tier-evaluator.ts matches them (its `clusterPeerMatches`).
 * @internal
 */
export class TierPeerSets {
  private readonly groupsByNamespace: Map<string, number[]>;
  /** The member lists of the namespaces a namespaceSelector matches, by the selector's text. */
  private readonly namespaceMembers = new Map<string, number[][]>();
  private readonly selections = new Map<string, BitSet>();
  private readonly ext: number;

  constructor(private readonly model: ClusterModel, private readonly groups: readonly PeerGroup[], private readonly external: Address | undefined,
    private readonly slab: BitSetSlab) {
    this.groupsByNamespace = groupBy(groups.map((_, i) => i), (i) => groups[i].namespace);
    this.ext = external ? groups.length : -1;
  }

  /** The groups a subject or pods peer selects. */
  public selected(selection: PodSelection): BitSet {
    const key = `${selection.namespaceSelector.describe()} ${selection.podSelector?.describe() ?? '*'}`;
    let set = this.selections.get(key);
    if (set) return set;
    set = this.slab.next();
    this.selections.set(key, set);
    for (const members of this.namespaces(selection.namespaceSelector)) addSelectedGroups(set, members, this.groups, selection.podSelector);
    return set;
  }

  /** The endpoints any of a rule's peers matches. */
  public peers(peers: readonly ClusterPeer[]): BitSet {
    const set = this.slab.next();
    for (const peer of peers) {
      switch (peer.kind) {
        case 'pods':
          set.or(this.selected(peer));
          break;
        case 'networks':
          if (this.external && peer.networks.some((n) => networkContains(n, this.external!))) set.add(this.ext);
          break;
        case 'nodes':
          // hostNetwork pods speak with their node's address; node labels are not known.
          if (peer.selector.isEmpty) this.groups.forEach((g, gi) => { if (g.hostNetwork) set.add(gi); });
          break;
        case 'domainNames':
          break;
      }
    }
    return set;
  }

  /** The groups of each namespace a selector matches (a namespace without a Namespace object has only its name label). */
  private namespaces(selector: CompiledSelector): number[][] {
    const key = selector.describe();
    let members = this.namespaceMembers.get(key);
    if (!members) {
      members = [];
      for (const [namespace, list] of this.groupsByNamespace) {
        const ns = this.model.namespaces.get(namespace);
        if (selector.matches(ns ? ns.labels : { [NAMESPACE_NAME_LABEL]: namespace })) members.push(list);
      }
      this.namespaceMembers.set(key, members);
    }
    return members;
  }
}
