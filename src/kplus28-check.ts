/**
 * The core writes its NetworkPolicy and Namespace objects with cdk8s-plus-28's typed L1 classes
 * (`k8s.KubeNetworkPolicy`, `k8s.KubeNamespace`), whatever cdk8s-plus major the app's own workloads use:
 * cdk8s-plus-28 is a peer dependency (npm 7 and later install it by themselves). When it is missing (an
 * install with --legacy-peer-deps, yarn 1), say so and what to do, instead of Node's "Cannot find module"
 * from deep inside the library. Imported first by the package's entry points.
 */
try {
  require.resolve('cdk8s-plus-28');
} catch (e) {
  throw new Error('cdk8s-netpol-baseline needs the package cdk8s-plus-28 (^2.5.6) installed: it writes its NetworkPolicy ' +
    'objects with cdk8s-plus-28\'s L1 classes, whatever cdk8s-plus major your workloads use (cdk8s-plus-28 to ' +
    'cdk8s-plus-34 are supported, side by side). Install it with `npm install cdk8s-plus-28@^2.5.6` ' +
    `(${(e as Error).message.split('\n')[0]})`);
}

export {};
