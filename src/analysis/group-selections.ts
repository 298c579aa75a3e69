import { BitSet } from './bitset';
import { BitSetSlab } from './bitset-complement';
import { ClusterModel, NAMESPACE_NAME_LABEL, PodsPeer } from './cluster-model';
import { ClusterPeer, PodSelection } from './cluster-policy-model';
import { Address, networkContains } from './ip-block';
import { LabelIndex } from './label-index';
import { CompiledSelector, Labels } from './label-selector';

/** What the selections need to know of a group. @internal */
export interface PeerGroup {
  readonly namespace: string;
  readonly labels: Labels;
  readonly hostNetwork: boolean;
}

/**
 * The groups (and the external address, index `groups.length`) that the pods peers of NetworkPolicies
 * and the subjects and peers of the cluster-scoped policies match, as bit sets: a selection is the
 * groups of the namespaces its namespaceSelector matches (or of one namespace) AND those its
 * podSelector matches (label-index.ts) AND the pods that are not hostNetwork. Peers as
 * tier-evaluator.ts matches them (its `clusterPeerMatches`), NetworkPolicy peers as
 * connection-evaluator.ts does (its `peerMatches`).
 * @internal
 */
export class GroupSelections {
  /** The groups of each namespace, by name (a namespace without a Namespace object has only its name label). */
  private readonly namespaceGroups = new Map<string, { readonly labels: Labels; readonly groups: BitSet }>();
  /** The empty set (the namespace of a policy whose namespace has no pods). */
  private readonly none: BitSet;
  /** The groups of the namespaces a namespaceSelector matches, by the selector's text. */
  private readonly namespaceSets = new Map<string, BitSet>();
  private readonly selections = new Map<string, BitSet>();
  private readonly podGroups: BitSet;
  private readonly labelIndex: LabelIndex;
  private readonly ext: number;

  constructor(model: ClusterModel, private readonly groups: readonly PeerGroup[], private readonly external: Address | undefined,
    private readonly slab: BitSetSlab) {
    this.none = slab.next();
    this.podGroups = slab.next();
    // One pass (a matrix builds this for every model, so its cold cost counts at 100 pods too).
    for (let gi = 0; gi < groups.length; gi++) {
      const { namespace, hostNetwork } = groups[gi];
      let entry = this.namespaceGroups.get(namespace);
      if (!entry) {
        const ns = model.namespaces.get(namespace);
        entry = { labels: ns ? ns.labels : { [NAMESPACE_NAME_LABEL]: namespace }, groups: slab.next() };
        this.namespaceGroups.set(namespace, entry);
      }
      entry.groups.add(gi);
      if (!hostNetwork) this.podGroups.add(gi);
    }
    this.labelIndex = new LabelIndex(groups.map((g) => g.labels), slab);
    this.ext = external ? groups.length : -1;
  }

  /** The groups a subject or pods peer selects. */
  public selected(selection: PodSelection): BitSet {
    const key = `${selection.namespaceSelector.describe()} ${selection.podSelector?.describe() ?? '*'}`;
    let set = this.selections.get(key);
    if (!set) {
      set = this.slab.next();
      const namespaces = this.namespaces(selection.namespaceSelector);
      const pods = selection.podSelector ? this.labelIndex.matching(selection.podSelector) : this.podGroups;
      set.orAndAnd(namespaces, pods, this.podGroups);
      this.selections.set(key, set);
    }
    return set;
  }
  /**
   * The groups a NetworkPolicy's pods peer selects: pods of the policy's own namespace, or of the
   * namespaces its namespaceSelector matches, that its podSelector matches (absent: every pod).
   * Not cached: the caller caches by what the peer says.
   */
  public podsPeer(policyNamespace: string, peer: PodsPeer): BitSet {
    const set = this.slab.next();
    const namespaces = peer.namespaceSelector ? this.namespaces(peer.namespaceSelector)
      : this.namespaceGroups.get(policyNamespace)?.groups ?? this.none;
    const pods = peer.podSelector ? this.labelIndex.matching(peer.podSelector) : this.podGroups;
    set.orAndAnd(namespaces, pods, this.podGroups);
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

  /** The groups of the namespaces a selector matches. */
  private namespaces(selector: CompiledSelector): BitSet {
    const key = selector.describe();
    let set = this.namespaceSets.get(key);
    if (!set) {
      set = this.slab.next();
      for (const ns of this.namespaceGroups.values()) if (selector.matches(ns.labels)) set.or(ns.groups);
      this.namespaceSets.set(key, set);
    }
    return set;
  }
}
