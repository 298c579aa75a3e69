import { IConstruct } from 'constructs';

/**
 * Removes a construct from its scope. A constructor that throws after `super(scope, id)` calls it, so
 * a caught construction error leaves nothing half-built in the tree: the app still synthesizes what it
 * had, and the same id can be used again for a corrected construct.
 * @internal
 */
export function detach(construct: IConstruct): void {
  construct.node.scope?.node.tryRemoveChild(construct.node.id);
}

/**
 * Whether a construct is still part of the tree of its root (no ancestor of it was detached).
 * @internal
 */
export function isAttached(construct: IConstruct): boolean {
  for (let node = construct; node.node.scope !== undefined; node = node.node.scope) {
    if (node.node.scope.node.tryFindChild(node.node.id) !== node) {
      return false;
    }
  }
  return true;
}
