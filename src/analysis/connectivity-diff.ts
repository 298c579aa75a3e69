import { ConnectionChange, DiffParts, EndpointChange } from './diff';

/**
 * What a change of the manifests opens and closes (`Reachability.diff(before, after)`): pairs of
 * endpoints present on both sides whose connections differ, and endpoints and namespaces present on
 * one side only.
 */
export class ConnectivityDiff {
  /** @internal */
  public static _create(parts: DiffParts): ConnectivityDiff {
    return new ConnectivityDiff(parts);
  }

  /** Pairs that could not connect at all before, and can now. */
  public readonly added: ConnectionChange[];
  /** Pairs that could connect before, and cannot at all now. */
  public readonly removed: ConnectionChange[];
  /** Pairs that can connect on both sides, on other ports (see `gained` and `lost`). */
  public readonly changed: ConnectionChange[];
  /** Workloads of the after side only, with how connected they are there. */
  public readonly addedEndpoints: EndpointChange[];
  /** Workloads of the before side only. */
  public readonly removedEndpoints: EndpointChange[];
  /** Namespaces of the after side only. */
  public readonly addedNamespaces: string[];
  /** Namespaces of the before side only. */
  public readonly removedNamespaces: string[];

  private constructor(parts: DiffParts) {
    this.added = parts.added;
    this.removed = parts.removed;
    this.changed = parts.changed;
    this.addedEndpoints = parts.addedEndpoints;
    this.removedEndpoints = parts.removedEndpoints;
    this.addedNamespaces = parts.addedNamespaces;
    this.removedNamespaces = parts.removedNamespaces;
  }

  /** Whether nothing changed: no pair, no endpoint, no namespace. */
  public get isEmpty(): boolean {
    return this.added.length + this.removed.length + this.changed.length + this.addedEndpoints.length + this.removedEndpoints.length === 0 &&
      this.addedNamespaces.length + this.removedNamespaces.length === 0;
  }

  /** Whether the change allows a connection between existing endpoints that was denied before. */
  public get allowsMore(): boolean {
    return this.added.length > 0 || this.changed.some((c) => !c.gained.isEmpty);
  }

  /** Whether the change denies a connection between existing endpoints that was allowed before. */
  public get allowsLess(): boolean {
    return this.removed.length > 0 || this.changed.some((c) => !c.lost.isEmpty);
  }

  /** One line: `3 added, 1 removed, 2 changed connections; 1 new workload`. */
  public get summary(): string {
    if (this.isEmpty) return 'no change in connectivity';
    const parts = [`${this.added.length} added, ${this.removed.length} removed, ${this.changed.length} changed connections`];
    const count = (n: number, what: string) => (n > 0 ? [`${n} ${what}${n === 1 ? '' : 's'}`] : []);
    parts.push([...count(this.addedEndpoints.length, 'new workload'), ...count(this.removedEndpoints.length, 'removed workload'),
      ...count(this.addedNamespaces.length, 'new namespace'), ...count(this.removedNamespaces.length, 'removed namespace')].join(', '));
    return parts.filter((p) => p !== '').join('; ');
  }

  /** The JSON form: every change with its sets as text and its reasons. */
  public toJson(): any {
    const change = (c: ConnectionChange) => ({
      from: c.from,
      to: c.to,
      before: c.before.toString(),
      after: c.after.toString(),
      gained: c.gained.toString(),
      lost: c.lost.toString(),
      beforeReasons: c.beforeReasons,
      afterReasons: c.afterReasons,
    });
    return {
      summary: this.summary,
      allowsMore: this.allowsMore,
      allowsLess: this.allowsLess,
      added: this.added.map(change),
      removed: this.removed.map(change),
      changed: this.changed.map(change),
      addedEndpoints: this.addedEndpoints,
      removedEndpoints: this.removedEndpoints,
      addedNamespaces: this.addedNamespaces,
      removedNamespaces: this.removedNamespaces,
    };
  }
}
