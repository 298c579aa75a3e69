import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * A construct that creates NetworkPolicies: what a grant returns when it may create one of several
 * constructs (an `AllowConnection` or a `CrossNamespaceAllow`), so that Java, Go and C# callers can
 * read its policies without a cast.
 */
export interface IPolicySet extends IConstruct {
  /** The name of its (first) NetworkPolicy. */
  readonly name: string;

  /** The NetworkPolicies it creates. */
  readonly policies: ApiObject[];
}
