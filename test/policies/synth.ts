import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace } from 'kubernetes-models/v1';

/** A synthesized Kubernetes object, as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: any; spec?: any };

/**
 * Validates one synthesized object against the Kubernetes schema (kubernetes-models 4.x) and against
 * the guide's mistakes we must never repeat. Throws on the first problem.
 */
export function validateObject(obj: KubeObject): void {
  if (obj.kind === 'NetworkPolicy') {
    new NetworkPolicy(obj as any).validate();
    // policyTypes: always written, a list of plain strings (never `- Ingress:` with rules nested under it).
    const types = obj.spec.policyTypes;
    if (!Array.isArray(types) || types.length === 0 || !types.every((t: unknown) => t === 'Ingress' || t === 'Egress')) {
      throw new Error(`${obj.metadata.name}: policyTypes ${JSON.stringify(types)} is not a list of "Ingress"/"Egress"`);
    }
    if (obj.spec.ingress !== undefined && !types.includes('Ingress')) {
      throw new Error(`${obj.metadata.name}: ingress rules without Ingress in policyTypes`);
    }
    if (obj.spec.egress !== undefined && !types.includes('Egress')) {
      throw new Error(`${obj.metadata.name}: egress rules without Egress in policyTypes`);
    }
  } else if (obj.kind === 'Namespace') {
    new Namespace(obj as any).validate();
  } else {
    throw new Error(`unexpected kind ${obj.kind}`);
  }
}

/** Validates every object and that no two NetworkPolicies share a name in one namespace. */
export function validateAll(objects: KubeObject[]): void {
  const seen = new Set<string>();
  for (const obj of objects) {
    validateObject(obj);
    if (obj.kind === 'NetworkPolicy') {
      const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
      if (seen.has(key)) {
        throw new Error(`duplicate NetworkPolicy ${key}`);
      }
      seen.add(key);
    }
  }
}

/** A fresh chart in a fresh app. */
export function newChart(): Chart {
  return new Chart(Testing.app(), 'test');
}

/** Builds into a fresh chart, synthesizes it and validates every object. */
export function synth(build: (scope: Construct) => void): KubeObject[] {
  const chart = newChart();
  build(chart);
  const objects = Testing.synth(chart) as KubeObject[];
  validateAll(objects);
  return objects;
}

/** Synthesizes every chart of an app and validates every object. */
export function synthApp(app: App): KubeObject[] {
  const objects = app.charts.flatMap((c) => c.toJson()) as KubeObject[];
  validateAll(objects);
  return objects;
}

/** The NetworkPolicy named `name` (in `namespace` when given); fails the test when missing. */
export function policy(objects: KubeObject[], name: string, namespace?: string): KubeObject {
  const found = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name &&
    (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected one NetworkPolicy ${name}${namespace ? ` in ${namespace}` : ''}, found ${found.length}: ` +
      objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).join(', '));
  }
  return found[0];
}

/** The `namespace/name` of every NetworkPolicy, sorted. */
export function policyNames(objects: KubeObject[]): string[] {
  return objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
}
