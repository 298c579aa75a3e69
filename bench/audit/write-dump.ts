/* eslint-disable no-bitwise */ // the pod IP is the index, byte by byte
import * as fs from 'fs';
import { Rng } from '../lib/rng';

/**
 * Writes what `kubectl get ns,pods,netpol -A -o yaml` prints for a large cluster: one `kind: List`
 * document whose Pods carry what the API server returns (uid, ownerReferences, managedFields, a full
 * spec and status), about 4 KB a pod. Written line by line, so the generator itself stays small.
 */
export interface WriteDumpTask {
  readonly kind: 'write-audit-dump';
  readonly pods: number;
  readonly seed: number;
  readonly file: string;
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
  write('apiVersion: v1\nitems:\n');
  for (let n = 0; n < NAMESPACES; n++) {
    write(namespace(`ns-${n}`));
    write(defaultDeny(`ns-${n}`));
    write(allowApp(`ns-${n}`, APPS[n % APPS.length]));
    objects += 3;
  }
  for (let i = 0; i < task.pods; i++) {
    write(pod(i, `ns-${i % NAMESPACES}`, APPS[rng.int(APPS.length)], rng));
    objects += 1;
  }
  write('kind: List\nmetadata:\n  resourceVersion: ""\n');
  fs.closeSync(fd);
  return { ms: Date.now() - start, peakRssMb: process.resourceUsage().maxRSS / 1024, objects, bytes };
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

function pod(i: number, ns: string, app: string, rng: Rng): string {
  const hash = (rng.int(0xffffff) + 0x100000).toString(16);
  const name = `${app}-${hash}-${(i % 100000).toString(36).padStart(5, 'x')}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const uid = `${hash}00-1d2c-4c3e-9a51-${i.toString(16).padStart(12, '0')}`;
  return `- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: "2026-01-05T10:${String(i % 60).padStart(2, '0')}:00Z"
    generateName: ${app}-${hash}-
    labels:
      app: ${app}
      pod-template-hash: "${hash}"
      tier: t${i % 3}
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
            k:{"uid":"${uid}"}: {}
        f:spec:
          f:containers:
            k:{"name":"${app}"}:
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
            k:{"ip":"${ip}"}:
              .: {}
              f:ip: {}
          f:startTime: {}
      manager: kubelet
      operation: Update
      subresource: status
      time: "2026-01-05T10:00:05Z"
    name: ${name}
    namespace: ${ns}
    ownerReferences:
    - apiVersion: apps/v1
      blockOwnerDeletion: true
      controller: true
      kind: ReplicaSet
      name: ${app}-${hash}
      uid: ${uid}
    resourceVersion: "${100000 + i}"
    uid: ${uid}
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
      image: registry.example.com/team/${app}:1.${i % 20}.0
      imagePullPolicy: IfNotPresent
      name: ${app}
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
        name: kube-api-access-${hash.slice(0, 5)}
        readOnly: true
    dnsPolicy: ClusterFirst
    enableServiceLinks: true
    nodeName: node-${i % 40}
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
    - name: kube-api-access-${hash.slice(0, 5)}
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
    - containerID: containerd://${uid.replace(/-/g, '')}${uid.replace(/-/g, '')}
      image: registry.example.com/team/${app}:1.${i % 20}.0
      imageID: registry.example.com/team/${app}@sha256:${uid.replace(/-/g, '')}${uid.replace(/-/g, '')}
      lastState: {}
      name: ${app}
      ready: true
      restartCount: 0
      started: true
      state:
        running:
          startedAt: "2026-01-05T10:00:04Z"
    hostIP: 192.168.${i % 40}.10
    phase: Running
    podIP: ${ip}
    podIPs:
    - ip: ${ip}
    qosClass: Burstable
    startTime: "2026-01-05T10:00:01Z"
`;
}
