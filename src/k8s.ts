/**
 * The Kubernetes L1 classes and types the library writes its objects with (`k8s.KubeNetworkPolicy`,
 * `k8s.KubeNamespace`, `k8s.IntOrString`, ...), from one place: every module of ours imports `k8s` from
 * here, never from cdk8s-plus-28 itself (eslint enforces it), so swapping the L1 source is this one file.
 * cdk8s-plus-28 is a peer dependency; kplus28-check.ts says so when it is missing.
 */
export { k8s } from 'cdk8s-plus-28';
