import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace, Pod, Service } from 'kubernetes-models/v1';
import { Reachability } from '../../src/analysis/reachability';

/** A synthesized Kubernetes object, as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: any; spec?: any };

const MODELS: { [kind: string]: new (obj: any) => { validate(): void } } = {
  Deployment, StatefulSet, DaemonSet, Job, CronJob, NetworkPolicy, Namespace, Pod, Service,
};

/**
 * Validates every object against the Kubernetes schema (kubernetes-models 4.x), checks that every
 * NetworkPolicy writes policyTypes as plain strings, and that no two NetworkPolicies share a name in one
 * namespace (ours, cdk8s-plus's and the user's alike).
 */
export function validateAll(objects: KubeObject[]): void {
  const seen = new Set<string>();
  for (const obj of objects) {
    const Model = MODELS[obj.kind];
    if (!Model) {
      throw new Error(`no schema for kind ${obj.kind}`);
    }
    new Model(obj).validate();
    if (obj.kind === 'NetworkPolicy') {
      const types = obj.spec.policyTypes;
      if (!Array.isArray(types) || types.length === 0 || !types.every((t: unknown) => t === 'Ingress' || t === 'Egress')) {
        throw new Error(`${obj.metadata.name}: policyTypes ${JSON.stringify(types)} is not a list of "Ingress"/"Egress"`);
      }
      const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
      if (seen.has(key)) {
        throw new Error(`duplicate NetworkPolicy ${key}`);
      }
      seen.add(key);
    }
  }
}

/** Synthesizes every chart of the app (running the app's validations, as `cdk8s synth` does) and validates every object. */
export function synthApp(app: App): KubeObject[] {
  const errors = app.node.findAll().flatMap((c) => c.node.validate());
  if (errors.length > 0) {
    throw new Error(errors.join('\n'));
  }
  const objects = app.charts.flatMap((c) => c.toJson()) as KubeObject[];
  validateAll(objects);
  return objects;
}

/** The `namespace/name` of every NetworkPolicy, sorted. */
export function policyNames(objects: KubeObject[]): string[] {
  return objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
}

/** The object of a kind and name; fails the test when missing. */
export function objectNamed(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  }
  return found[0];
}

/**
 * Every allowed connection between two different endpoints of the app (workloads as `namespace/name`,
 * and `internet` as a source) on the given ports, as sorted `from -> to:port` lines: all that reaches a
 * pod. Connections to the internet are left out unless `toInternet` (no grant here touches egress to it).
 */
export function allowedConnections(app: App, ports: number[], toInternet = false): string[] {
  const matrix = Reachability.fromApp(app).matrix({ ports });
  return matrix.allowedPairs().filter((p) => p.from !== p.to && (toInternet || p.to !== 'internet'))
    .map((p) => `${p.from} -> ${p.to}:${p.port}`).sort();
}

/** A fresh app with one chart per namespace. */
export function charts(...namespaces: string[]): { app: App; charts: Chart[] } {
  const app = Testing.app();
  return { app, charts: namespaces.map((ns) => new Chart(app, ns, { namespace: ns })) };
}

/** A Deployment with a readable name and the given container ports. */
export function deployment(scope: Chart, name: string, ports: kplus.ContainerPort[] = [],
  props: Partial<kplus.DeploymentProps> = {}): kplus.Deployment {
  return new kplus.Deployment(scope, name, {
    metadata: { name },
    containers: [{ image: `example/${name}`, ports, securityContext: { user: 1000 } }],
    ...props,
  });
}
