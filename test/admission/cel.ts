/**
 * Runs the CEL of a synthesized ValidatingAdmissionPolicy the way the API server does, with a real CEL
 * evaluator (@bufbuild/cel, whose CommonJS build jest loads directly): `object`, `oldObject` (null on
 * CREATE) and `request.operation` are bound, every matchCondition must hold for the policy to apply,
 * and every validation must be true, else the request is denied with the validation's messageExpression.
 */
import { isCelError, run } from '@bufbuild/cel';
import { KubeObject, validateObject } from '../support/kube';

export type { KubeObject };

/** The verdict on one admission request. */
export interface Verdict {
  readonly allowed: boolean;
  /** The messageExpression of every failing validation. */
  readonly messages: string[];
}

/** Evaluates one expression; a CEL error fails the test (the API server would apply failurePolicy: Fail). */
export function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
  const result = run(expression, bindings as any);
  if (isCelError(result)) {
    throw new Error(`CEL error in ${expression}: ${result.message}`);
  }
  return result;
}

/** What the policy decides for a pod CREATE, or an UPDATE from `oldPod`. */
export function review(policy: KubeObject, newPod: object, oldPod?: object): Verdict {
  const bindings = { object: newPod, oldObject: oldPod ?? null, request: { operation: oldPod ? 'UPDATE' : 'CREATE' } };
  for (const condition of policy.spec.matchConditions ?? []) {
    const applies = evaluate(condition.expression, bindings);
    expect(typeof applies).toBe('boolean');
    if (!applies) {
      return { allowed: true, messages: [] };
    }
  }
  const messages: string[] = [];
  for (const validation of policy.spec.validations) {
    const ok = evaluate(validation.expression, bindings);
    expect(typeof ok).toBe('boolean');
    if (!ok) {
      const message = evaluate(validation.messageExpression, bindings);
      expect(typeof message).toBe('string');
      messages.push(message as string);
    }
  }
  return { allowed: messages.length === 0, messages };
}

/** A pod of a namespace with the given labels (undefined: no labels field at all). */
export function pod(namespace: string, labels?: { [key: string]: string }, name = 'p'): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: labels ? { name, namespace, labels } : { name, namespace }, spec: { containers: [{ name: 'c', image: 'x' }] } };
}

/** The policy and binding of the objects; validates both against the Kubernetes schema (kubernetes-models 4.5.1, admissionregistration v1). */
export function admissionObjects(objects: KubeObject[]): { policy: KubeObject; binding: KubeObject } {
  const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
  const bindings = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
  expect(policies).toHaveLength(1);
  expect(bindings).toHaveLength(1);
  validateObject(policies[0]);
  validateObject(bindings[0]);
  return { policy: policies[0], binding: bindings[0] };
}
