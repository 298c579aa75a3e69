import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { BaselineConfig, loadConfig } from './config';
import { EXIT_OK, UserError, messageOf } from './errors';
import { namespacelessNamespaces, refuseNamespacelessStream, withoutNamespaces } from './namespace-omitted';
import { ClusterBaseline, NamespaceOverrides } from '../baseline/cluster-baseline';
import { baselineOptionsOf } from '../baseline/options';
import { groupBy } from '../model/group-by';

/** Options of `cdk8s-netpol synth`. */
export interface SynthOptions {
  readonly config: string;
  readonly out?: string;
  /** `--omit-namespace`: every namespace of the config is written without metadata.namespace. */
  readonly omitNamespace?: boolean;
}

/** Synthesizes the config's baseline and returns the exit status. */
export function runSynth(options: SynthOptions): number {
  const config = loadConfig(options.config);
  const omitted = namespacelessNamespaces(config, options.omitNamespace === true);
  const objects = synthesize(config, options.config);
  if (options.out === undefined) {
    refuseNamespacelessStream(objects, omitted);
    process.stdout.write(Yaml.stringify(...withoutNamespaces(objects, omitted)));
    return EXIT_OK;
  }
  writePerNamespace(objects, options.out, omitted);
  return EXIT_OK;
}

/**
 * Builds a ClusterBaseline of the namespaces of the config (shared options, then the namespace's own)
 * and returns the synthesized objects. Errors of the constructs (their validation, and the lint they
 * run at synth) are reported as a bad config.
 */
export function synthesize(config: BaselineConfig, file: string): any[] {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-')) });
  try {
    const chart = new Chart(app, 'baseline');
    buildBaselines(chart, config);
    const text = app.synthYaml();
    return parseAllDocuments(text).map((d: any) => d.toJS()).filter((o: any) => o !== null);
  } catch (err) {
    throw new UserError(`${file}: the baseline cannot be built: ${messageOf(err)}`,
      'the path names the namespace and the construct (Hub-<name>, Server-<name>, AllowFrom<n>-<namespace>, ...) whose settings to fix');
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

/**
 * The config becomes one ClusterBaseline: the shared options, each namespace's own as its overrides.
 * Allows are added once every namespace exists, so each knows whether its sources deny egress.
 */
function buildBaselines(scope: Construct, config: BaselineConfig): void {
  // Options are picked field by field (the shared ones, then the namespace's own), never spread whole.
  // omitNamespace is applied when the files are written (namespace-omitted.ts): one ClusterBaseline of
  // several namespaces cannot write them namespace-less into its one chart, but one file per namespace can.
  const namespaceOverrides: { [namespace: string]: NamespaceOverrides } = {};
  for (const ns of config.namespaces) namespaceOverrides[ns.namespace] = { ...baselineOptionsOf(ns), omitNamespace: undefined };
  const cluster = new ClusterBaseline(scope, 'cluster', {
    ...baselineOptionsOf(config.shared), omitNamespace: undefined, namespaces: config.namespaces.map((ns) => ns.namespace), namespaceOverrides,
  });
  for (const ns of config.namespaces) {
    const baseline = cluster.baseline(ns.namespace);
    ns.hubs?.forEach((h) => baseline.addHub(h));
    ns.servers?.forEach((s) => baseline.addServer(s));
    ns.internetFacing?.forEach((i) => baseline.addInternetFacing(i));
    ns.connections?.forEach((c) => baseline.addConnection(c));
    ns.allowFrom?.forEach((a) => baseline.addAllowFrom(a));
  }
}

/**
 * Writes `<namespace>.k8s.yaml` for each namespace (a Namespace object goes with its own namespace);
 * the objects of the `omitted` namespaces without metadata.namespace.
 */
function writePerNamespace(objects: any[], out: string, omitted: ReadonlySet<string>): void {
  const groups = groupBy(objects, (o) => (o.kind === 'Namespace' ? o.metadata?.name : o.metadata?.namespace ?? 'cluster'));
  try {
    fs.mkdirSync(out, { recursive: true });
  } catch (err: any) {
    throw new UserError(`--out ${out}: cannot create the folder (${err?.code ?? messageOf(err)})`, 'give a folder path that can be written');
  }
  for (const [ns, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(out, `${ns}.k8s.yaml`);
    try {
      fs.writeFileSync(file, Yaml.stringify(...withoutNamespaces(list, omitted)));
    } catch (err: any) {
      throw new UserError(`${file}: cannot write it (${err?.code ?? messageOf(err)})`);
    }
    process.stderr.write(`wrote ${file} (${list.length} object${list.length === 1 ? '' : 's'})\n`);
  }
}
