/* eslint-disable no-bitwise */ // the pod IP is the index, byte by byte
import * as fs from 'fs';
import { parse } from 'yaml';
import { Rng } from '../lib/rng';

/**
 * Writes what `kubectl get ns,pods,netpol -A -o yaml` prints for a large cluster: one `kind: List`
 * document whose Pods carry what the API server returns (uid, ownerReferences, managedFields, a full
 * spec and status), about 4 KB a pod. Written entry by entry, so the generator itself stays small.
 * With `format: 'json'`, the same objects as `-o json` prints them (4-space indents, about 6 KB a pod).
 */
export interface WriteDumpTask {
  readonly kind: 'write-audit-dump';
  readonly pods: number;
  readonly seed: number;
  readonly file: string;
  readonly format?: 'yaml' | 'json';
}

export interface WrittenDump {
  readonly ms: number;
  readonly peakRssMb: number;
  readonly objects: number;
  readonly bytes: number;
}

const NAMESPACES = 100;
const APPS = ['web', 'api', 'db', 'cache', 'worker', 'queue', 'search', 'auth'];

export function writeAuditDump(task: WriteDumpTask): WrittenDump {
  const start = Date.now();
  const rng = new Rng(task.seed);
  const fd = fs.openSync(task.file, 'w');
  let bytes = 0;
  let objects = 0;
  const write = (text: string) => { bytes += Buffer.byteLength(text); fs.writeSync(fd, text); };
  const json = task.format === 'json';
  const entry = (yamlEntry: string) => {
    if (json) write(`${objects === 0 ? '' : ',\n'}${asJsonEntry(yamlEntry)}`);
    else write(yamlEntry);
    objects += 1;
  };
  write(json ? '{\n    "apiVersion": "v1",\n    "items": [\n' : 'apiVersion: v1\nitems:\n');
  for (let n = 0; n < NAMESPACES; n++) {
    entry(namespace(`ns-${n}`));
    entry(defaultDeny(`ns-${n}`));
    entry(allowApp(`ns-${n}`, APPS[n % APPS.length]));
  }
  for (let i = 0; i < task.pods; i++) {
    const v = pod(i, `ns-${i % NAMESPACES}`, APPS[rng.int(APPS.length)], rng);
    if (json) write(`,\n${podJson(v)}`);
    else write(podYaml(v));
    objects += 1;
  }
  write(json ? '\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n' : 'kind: List\nmetadata:\n  resourceVersion: ""\n');
  fs.closeSync(fd);
  return { ms: Date.now() - start, peakRssMb: process.resourceUsage().maxRSS / 1024, objects, bytes };
}

/** One `- ...` entry of the YAML List as kubectl prints it in a JSON List's items (8 spaces in). */
function asJsonEntry(yamlEntry: string): string {
  const object = parse(yamlEntry)[0];
  return JSON.stringify(object, null, 4).replace(/^/gm, '        ');
}

function namespace(name: string): string {
  return `- apiVersion: v1
  kind: Namespace
  metadata:
    creationTimestamp: "2026-01-05T10:00:00Z"
    labels:
      kubernetes.io/metadata.name: ${name}
      team: t${name.length % 5}
    name: ${name}
    resourceVersion: "1${name.length}"
    uid: 0b6e3f6a-1d2c-4c3e-9a51-${name.padStart(12, '0').slice(-12)}
  spec:
    finalizers:
    - kubernetes
  status:
    phase: Active
`;
}

function defaultDeny(ns: string): string {
  return `- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: default-deny
    namespace: ${ns}
  spec:
    podSelector: {}
    policyTypes:
    - Ingress
`;
}

function allowApp(ns: string, app: string): string {
  return `- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: allow-${app}
    namespace: ${ns}
  spec:
    ingress:
    - from:
      - podSelector:
          matchLabels:
            app: ${app}
      ports:
      - port: 8080
        protocol: TCP
    podSelector:
      matchLabels:
        app: ${app}
    policyTypes:
    - Ingress
`;
}

function pod(i: number, ns: string, app: string, rng: Rng): PodValues {
  const hash = (rng.int(0xffffff) + 0x100000).toString(16);
  const uid = `${hash}00-1d2c-4c3e-9a51-${i.toString(16).padStart(12, '0')}`;
  return {
    app, hash, ns, uid,
    name: `${app}-${hash}-${(i % 100000).toString(36).padStart(5, 'x')}`,
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    uidHex: uid.replace(/-/g, ''),
    hash5: hash.slice(0, 5),
    minute: String(i % 60).padStart(2, '0'),
    tier: String(i % 3),
    rv: String(100000 + i),
    minor: String(i % 20),
    node: String(i % 40),
  };
}

/** The strings that differ from one pod to the next (none holds a quote or a backslash). */
const POD_FIELDS = ['app', 'hash', 'ns', 'uid', 'name', 'ip', 'uidHex', 'hash5', 'minute', 'tier', 'rv', 'minor', 'node'] as const;
type PodValues = { readonly [k in typeof POD_FIELDS[number]]: string };

/** The JSON of a pod with placeholders, converted from the YAML once (the yaml parser is too slow for every pod). */
let podJsonTemplate: string | undefined;

function podJson(v: PodValues): string {
  podJsonTemplate ??= asJsonEntry(podYaml(Object.fromEntries(POD_FIELDS.map((k) => [k, `XX${k}XX`])) as any));
  return podJsonTemplate.replace(/XX(\w+?)XX/g, (_, k: string) => v[k as keyof PodValues]);
}

function podYaml(v: PodValues): string {
  return `- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: "2026-01-05T10:${v.minute}:00Z"
    generateName: ${v.app}-${v.hash}-
    labels:
      app: ${v.app}
      pod-template-hash: "${v.hash}"
      tier: t${v.tier}
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:generateName: {}
          f:labels:
            .: {}
            f:app: {}
            f:pod-template-hash: {}
          f:ownerReferences:
            .: {}
            k:{"uid":"${v.uid}"}: {}
        f:spec:
          f:containers:
            k:{"name":"${v.app}"}:
              .: {}
              f:image: {}
              f:imagePullPolicy: {}
              f:name: {}
              f:ports:
                .: {}
                k:{"containerPort":8080,"protocol":"TCP"}:
                  .: {}
                  f:containerPort: {}
                  f:name: {}
                  f:protocol: {}
              f:resources:
                .: {}
                f:limits:
                  .: {}
                  f:memory: {}
                f:requests:
                  .: {}
                  f:cpu: {}
                  f:memory: {}
          f:dnsPolicy: {}
          f:restartPolicy: {}
          f:schedulerName: {}
      manager: kube-controller-manager
      operation: Update
      time: "2026-01-05T10:00:00Z"
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:status:
          f:conditions:
            k:{"type":"Ready"}:
              .: {}
              f:lastTransitionTime: {}
              f:status: {}
              f:type: {}
          f:containerStatuses: {}
          f:hostIP: {}
          f:phase: {}
          f:podIP: {}
          f:podIPs:
            .: {}
            k:{"ip":"${v.ip}"}:
              .: {}
              f:ip: {}
          f:startTime: {}
      manager: kubelet
      operation: Update
      subresource: status
      time: "2026-01-05T10:00:05Z"
    name: ${v.name}
    namespace: ${v.ns}
    ownerReferences:
    - apiVersion: apps/v1
      blockOwnerDeletion: true
      controller: true
      kind: ReplicaSet
      name: ${v.app}-${v.hash}
      uid: ${v.uid}
    resourceVersion: "${v.rv}"
    uid: ${v.uid}
  spec:
    containers:
    - env:
      - name: LOG_LEVEL
        value: info
      - name: POD_NAME
        valueFrom:
          fieldRef:
            apiVersion: v1
            fieldPath: metadata.name
      image: registry.example.com/team/${v.app}:1.${v.minor}.0
      imagePullPolicy: IfNotPresent
      name: ${v.app}
      ports:
      - containerPort: 8080
        name: http
        protocol: TCP
      resources:
        limits:
          memory: 256Mi
        requests:
          cpu: 100m
          memory: 128Mi
      terminationMessagePath: /dev/termination-log
      terminationMessagePolicy: File
      volumeMounts:
      - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
        name: kube-api-access-${v.hash5}
        readOnly: true
    dnsPolicy: ClusterFirst
    enableServiceLinks: true
    nodeName: node-${v.node}
    preemptionPolicy: PreemptLowerPriority
    priority: 0
    restartPolicy: Always
    schedulerName: default-scheduler
    securityContext: {}
    serviceAccount: default
    serviceAccountName: default
    terminationGracePeriodSeconds: 30
    tolerations:
    - effect: NoExecute
      key: node.kubernetes.io/not-ready
      operator: Exists
      tolerationSeconds: 300
    volumes:
    - name: kube-api-access-${v.hash5}
      projected:
        defaultMode: 420
        sources:
        - serviceAccountToken:
            expirationSeconds: 3607
            path: token
  status:
    conditions:
    - lastProbeTime: null
      lastTransitionTime: "2026-01-05T10:00:02Z"
      status: "True"
      type: Initialized
    - lastProbeTime: null
      lastTransitionTime: "2026-01-05T10:00:05Z"
      status: "True"
      type: Ready
    containerStatuses:
    - containerID: containerd://${v.uidHex}${v.uidHex}
      image: registry.example.com/team/${v.app}:1.${v.minor}.0
      imageID: registry.example.com/team/${v.app}@sha256:${v.uidHex}${v.uidHex}
      lastState: {}
      name: ${v.app}
      ready: true
      restartCount: 0
      started: true
      state:
        running:
          startedAt: "2026-01-05T10:00:04Z"
    hostIP: 192.168.${v.node}.10
    phase: Running
    podIP: ${v.ip}
    podIPs:
    - ip: ${v.ip}
    qosClass: Burstable
    startTime: "2026-01-05T10:00:01Z"
`;
}
