// Test support shared by every test that synthesizes: each synthesized object is validated against the
// Kubernetes schema (kubernetes-models 4.5.1) and against the guide's mistakes we must never repeat,
// and no two NetworkPolicies share a name in one namespace.
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace, Pod, Service } from 'kubernetes-models/v1';
import { CLUSTER_POLICY_MODELS } from './cluster-policy-schema';

/** A synthesized Kubernetes object, as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: any; spec?: any };

/** The schema of every kind the tests synthesize; any other kind fails the test. */
const MODELS: { [kind: string]: new (obj: any) => { validate(): void } } = {
  Deployment,
  StatefulSet,
  DaemonSet,
  ReplicaSet,
  Job,
  CronJob,
  Pod,
  Service,
  Namespace,
  NetworkPolicy,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  // policy.networking.k8s.io has no schema in kubernetes-models 4.x: our own checker of its CRDs.
  ...CLUSTER_POLICY_MODELS,
};

/**
 * Validates one object against the Kubernetes schema of its kind and, for a NetworkPolicy, that
 * policyTypes is always written as a list of plain strings (never `- Ingress:` with rules nested under
 * it) and lists every direction the policy has rules for. Throws on the first problem.
 */
export function validateObject(obj: KubeObject): void {
  const Model = MODELS[obj.kind];
  if (!Model) {
    throw new Error(`unexpected kind ${obj.kind}: no schema to validate it`);
  }
  new Model(obj).validate();
  if (obj.kind === 'NetworkPolicy') {
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
  }
}

/**
 * Validates every object (see `validateObject`) and that no two NetworkPolicies share a name in one
 * namespace (ours, cdk8s-plus's and the user's alike).
 */
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

/** A fresh chart (id `test`) in a fresh app. */
export function newChart(): Chart {
  return new Chart(Testing.app(), 'test');
}

/**
 * Builds into a fresh chart, synthesizes it, running the chart's validations first as `cdk8s synth`
 * does (a failing one fails the test), and validates every object.
 */
export function synth(build: (scope: Construct) => void): KubeObject[] {
  const chart = newChart();
  build(chart);
  throwValidationErrors(chart);
  const objects = Testing.synth(chart) as KubeObject[];
  validateAll(objects);
  return objects;
}

/**
 * Synthesizes every chart of the app, running the app's validations first as `cdk8s synth` does (a
 * failing one fails the test), and validates every object.
 */
export function synthApp(app: App): KubeObject[] {
  throwValidationErrors(app);
  const objects = app.charts.flatMap((c) => c.toJson()) as KubeObject[];
  validateAll(objects);
  return objects;
}

/** Runs the validations of every construct under `scope`, as `cdk8s synth` does, and throws their errors. */
function throwValidationErrors(scope: Construct): void {
  const errors = scope.node.findAll().flatMap((c) => c.node.validate());
  if (errors.length > 0) {
    throw new Error(errors.join('\n'));
  }
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

/** The object of a kind and name; fails the test when missing. */
export function objectNamed(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  }
  return found[0];
}
