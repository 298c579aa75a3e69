/* eslint-disable @typescript-eslint/no-require-imports */ // modules load per variant, so a sample holds only its own
import { createHash } from 'crypto';
import * as fs from 'fs';
import { ApiObject, App } from 'cdk8s';
import { WorkerResult } from '../lib/child';
import { measure } from '../lib/measure';

/** One synth sample: which implementation, how many namespaces, egress on or off. */
export interface SynthTask {
  readonly kind: 'synth';
  /**
   * `baseline` = ClusterBaseline; `nolint` = ClusterBaseline with `lint: false`; `raw` = the same manifests as
   * ApiObjects; `kplus` = kplus.NetworkPolicy.
   */
  readonly variant: 'baseline' | 'nolint' | 'raw' | 'kplus';
  readonly size: number;
  readonly denyEgress: boolean;
  /** The manifests of a baseline run (JSON), input of `raw` and `kplus`. */
  readonly manifestsFile?: string;
  /** `baseline` only: also write the synthesized manifests here (for the replays). */
  readonly writeManifests?: string;
}

function synthOnce(build: () => App): { yaml: string; objects: number; app: App } {
  const app = build();
  // synthYaml = resolve dependencies, run validations, toJson every chart, stringify; no files written.
  const yaml = app.synthYaml();
  return { yaml, objects: app.node.findAll().filter((c) => c instanceof ApiObject).length, app };
}

export function runSynthTask(task: SynthTask): WorkerResult {
  let build: () => App;
  if (task.variant === 'baseline' || task.variant === 'nolint') {
    // Loaded here so the replays never pay for (or hold) the library's modules.
    const { buildBaselineApp } = require('./scenario');
    build = () => buildBaselineApp(task.size, task.denyEgress, task.variant === 'baseline');
  } else {
    const manifests = JSON.parse(fs.readFileSync(task.manifestsFile!, 'utf8'));
    const builder = task.variant === 'raw' ? require('./replay-raw').buildRawApp : require('./replay-kplus').buildKplusApp;
    build = () => builder(manifests);
  }
  const m = measure(() => synthOnce(build));
  if (task.writeManifests) {
    fs.writeFileSync(task.writeManifests, JSON.stringify(m.value.app.charts.flatMap((c) => c.toJson())));
  }
  return {
    ms: m.ms,
    cpuMs: m.cpuMs,
    startRssMb: m.startRssMb,
    peakRssMb: m.peakRssMb,
    objects: m.value.objects,
    yamlBytes: m.value.yaml.length,
    yamlSha: createHash('sha256').update(m.value.yaml).digest('hex'),
  };
}
