import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { charts, deployment } from './support';
import { Protocol } from '../../src/model/protocol';
import { WorkloadRef } from '../../src/workloads/workload-ref';
import { Workloads } from '../../src/workloads/workloads';
import { objectNamed, synthApp } from '../support/kube';

describe('WorkloadRef: what a policy needs to know about a cdk8s-plus workload', () => {
  test('the namespace is the workload\'s, or its chart\'s', () => {
    const { charts: [shop] } = charts('shop');
    const web = deployment(shop, 'web');
    const other = new kplus.Deployment(shop, 'other', { metadata: { namespace: 'elsewhere' }, containers: [{ image: 'x' }] });
    expect(WorkloadRef.of(web).namespace).toBe('shop');
    expect(WorkloadRef.of(other).namespace).toBe('elsewhere');
    const bare = new kplus.Deployment(new Chart(Testing.app(), 'bare'), 'web', { containers: [{ image: 'x' }] });
    expect(WorkloadRef.of(bare).namespace).toBeUndefined();
    expect(() => WorkloadRef.of(bare).requireNamespace('hub access')).toThrow(
      /^bare\/web: the workload has no namespace, but hub access needs one: .*Set metadata.namespace/);
  });

  test('the selector is the workload\'s own matchLabels, by default the cdk8s.io/metadata.addr label', () => {
    const { app, charts: [shop] } = charts('shop');
    const web = deployment(shop, 'web');
    const labels = WorkloadRef.of(web).selectorLabels;
    expect(labels).toEqual(web.matchLabels);
    expect(Object.keys(labels)).toEqual(['cdk8s.io/metadata.addr']);
    const objects = synthApp(app);
    expect(objectNamed(objects, 'Deployment', 'web').spec.selector).toEqual({ matchLabels: labels });
  });

  test('a selector given with select() is used as it is', () => {
    const { charts: [shop] } = charts('shop');
    const api = deployment(shop, 'api', [], { select: false, podMetadata: { labels: { app: 'api', tier: 'backend' } } });
    api.select(kplus.LabelSelector.of({ labels: { app: 'api' } }));
    expect(WorkloadRef.of(api).selectorLabels).toEqual({ app: 'api' });
  });

  test('a workload that selects with matchExpressions only is refused, with a clear error', () => {
    const { charts: [shop] } = charts('shop');
    const api = deployment(shop, 'api', [], { select: false });
    api.select(kplus.LabelSelector.of({ expressions: [kplus.LabelExpression.in('app', ['api', 'api-canary'])] }));
    expect(() => WorkloadRef.of(api).selectorLabels).toThrow(/^shop\/api: the workload selects its pods with matchExpressions only .*give it matchLabels too/);
    expect(() => Workloads.exposeToInternet(shop, api)).toThrow(/matchExpressions only/);
  });

  test('matchExpressions next to matchLabels: the matchLabels select the pods', () => {
    const { charts: [shop] } = charts('shop');
    const api = deployment(shop, 'api', [], { select: false, podMetadata: { labels: { app: 'api', track: 'stable' } } });
    api.select(kplus.LabelSelector.of({ labels: { app: 'api' }, expressions: [kplus.LabelExpression.in('track', ['stable'])] }));
    expect(WorkloadRef.of(api).selectorLabels).toEqual({ app: 'api' });
  });

  test('a Job, a CronJob and a Pod have no selector: their pods\' cdk8s.io/metadata.addr label selects them', () => {
    const { app, charts: [shop] } = charts('shop');
    const job = new kplus.Job(shop, 'migrate', { containers: [{ image: 'x', securityContext: { user: 1000 } }] });
    const cron = new kplus.CronJob(shop, 'report', { schedule: { expressionString: '0 * * * *' } as any, containers: [{ image: 'x', securityContext: { user: 1000 } }] });
    const pod = new kplus.Pod(shop, 'debug', { containers: [{ image: 'x', securityContext: { user: 1000 } }] });
    for (const w of [job, cron, pod]) {
      const labels = WorkloadRef.of(w).selectorLabels;
      expect(Object.keys(labels)).toEqual(['cdk8s.io/metadata.addr']);
      expect(w.podMetadata.getLabel('cdk8s.io/metadata.addr')).toBe(labels['cdk8s.io/metadata.addr']);
    }
    synthApp(app);
  });

  test('the default ports are the containers\' declared ports, each once, with their protocol', () => {
    const { charts: [shop] } = charts('shop');
    const dns = new kplus.Deployment(shop, 'dns', {
      containers: [
        { image: 'dns', ports: [{ number: 53, name: 'dns', protocol: kplus.Protocol.UDP }, { number: 53, name: 'dns-tcp' }] },
        { image: 'exporter', ports: [{ number: 9153, name: 'metrics' }, { number: 53, protocol: kplus.Protocol.UDP }] },
      ],
    });
    expect(WorkloadRef.of(dns).ports).toEqual([
      { port: 53, protocol: Protocol.UDP }, { port: 53, protocol: Protocol.TCP }, { port: 9153, protocol: Protocol.TCP },
    ]);
    expect(WorkloadRef.of(dns, { namedPorts: true }).ports).toEqual([
      { name: 'dns', protocol: Protocol.UDP }, { name: 'dns-tcp', protocol: Protocol.TCP },
      { name: 'metrics', protocol: Protocol.TCP }, { port: 53, protocol: Protocol.UDP },
    ]);
    expect(WorkloadRef.of(deployment(shop, 'quiet')).ports).toBeUndefined();
  });

  test('the short name is metadata.name when given, else the construct id', () => {
    const { charts: [shop] } = charts('shop');
    expect(WorkloadRef.of(deployment(shop, 'db')).name).toBe('db');
    expect(WorkloadRef.of(new kplus.Deployment(shop, 'Backup_Server', { containers: [{ image: 'x' }] })).name).toBe('backup-server');
    expect(WorkloadRef.of(deployment(shop, 'web'), { name: 'frontend' }).name).toBe('frontend');
    expect(() => WorkloadRef.of(deployment(shop, 'x'), { name: 'Not A Name' })).toThrow(/^shop\/x: invalid name "Not A Name"/);
  });

  test('addPodLabel labels the pod template and leaves the selector alone', () => {
    const { app, charts: [shop] } = charts('shop');
    const web = deployment(shop, 'web');
    const selector = web.matchLabels;
    const ref = WorkloadRef.of(web);
    ref.addPodLabel('networking/allow-db-access', 'true');
    ref.addPodLabel('networking/allow-db-access', 'true');
    expect(web.matchLabels).toEqual(selector);
    expect(ref.podLabels).toEqual({ ...selector, 'networking/allow-db-access': 'true' });
    const obj = objectNamed(synthApp(app), 'Deployment', 'web');
    expect(obj.spec.selector).toEqual({ matchLabels: selector });
    expect(obj.spec.template.metadata.labels).toEqual({ ...selector, 'networking/allow-db-access': 'true' });
    expect(() => ref.addPodLabel('networking/allow-db-access', 'false')).toThrow(
      /^shop\/web: the pod template already has the label networking\/allow-db-access="true"; cannot set it to "false"/);
    expect(() => ref.addPodLabel('bad key!', 'true')).toThrow(/invalid label key "bad key!"/);
  });

  test('Workloads.of is WorkloadRef.of', () => {
    const { charts: [shop] } = charts('shop');
    const ref = Workloads.of(deployment(shop, 'db', [{ number: 5432 }]), { name: 'postgres' });
    expect(ref).toBeInstanceOf(WorkloadRef);
    expect([ref.name, ref.namespace, ref.ports]).toEqual(['postgres', 'shop', [{ port: 5432, protocol: Protocol.TCP }]]);
  });

  test('anything but a cdk8s-plus pod or workload is refused', () => {
    const { charts: [shop] } = charts('shop');
    expect(() => WorkloadRef.of(new kplus.Service(shop, 'svc', { ports: [{ port: 80 }] }) as any)).toThrow(
      /invalid workload shop\/svc: expected a Pod or workload \(Deployment, .*\), either a cdk8s-plus one \(cdk8s-plus-28 to cdk8s-plus-34\) or an L1 object such as KubeDeployment; its API object is a v1 Service/);
  });
});
