import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { cidrFieldProblem, FieldSchema, labelKeyFieldProblem, namePartProblem, namespaceNameProblem, policyNameProblem, SchemaChecker } from './config-schema';
import { UserError, messageOf } from './errors';
import { firstLine, readStandardInput, STDIN } from './load-manifests';
import { NamespaceBaselineProps } from '../baseline/namespace-baseline';
import { BaselineOptions } from '../baseline/options';
import { BaselineConnectionSpec, BaselineHubSpec, InternetFacingSpec, NamespaceIngressSpec } from '../baseline/specs';
import { ServerSpec } from '../policies/server-access';

/*
 * The synth config mirrors the props of ClusterBaseline and NamespaceBaseline: the top level holds the
 * options shared by every namespace, `namespaces` lists the namespaces (a list of names or of objects,
 * or a map from name to settings), and each namespace may override a shared option and add its hubs,
 * servers, internetFacing, connections and allowFrom. Field names are the props' names, so the README and API.md agree.
 */

const PORTS: FieldSchema = { type: 'list', items: { type: 'portSpec' } };

/**
 * The schema of the fields of a props interface: exactly one entry per field, so a prop added to (or
 * renamed in) the constructs without its config field fails to compile here instead of being silently
 * unreachable from the config.
 */
type FieldsOf<Props> = { readonly [K in keyof Required<Props>]: FieldSchema };

/** The options a namespace can take, shared or its own (NamespaceBaseline props without its namespace and allows). */
export type ConfigOptions = BaselineOptions;

/** One namespace of the config, with its own settings (not merged with the shared ones). */
export type ConfigNamespace = ConfigOptions & Pick<NamespaceBaselineProps, 'namespace' | 'hubs' | 'servers' | 'internetFacing' | 'connections' | 'allowFrom'>;

const SHARED_OPTIONS: FieldsOf<ConfigOptions> = {
  internetAccess: { type: 'boolean' },
  allowSameNamespace: { type: 'boolean' },
  newDeployments: { type: 'boolean' },
  namespaceLabelKey: { type: 'string', check: labelKeyFieldProblem },
  createNamespace: { type: 'boolean' },
  denyEgress: { type: 'boolean' },
  allowDns: { type: 'boolean' },
  internetEgress: { type: 'boolean' },
  lint: { type: 'boolean' },
  failOnWarnings: { type: 'boolean' },
  omitNamespace: { type: 'boolean' },
};

const HUB_FIELDS: FieldsOf<BaselineHubSpec> = {
  hubName: { type: 'string', check: namePartProblem },
  hubLabels: { type: 'labels', nonEmpty: true },
  // The name of a v1 Service of the namespace, found in the manifests of `synth --services` (service-refs.ts).
  hubService: { type: 'string', check: namespaceNameProblem },
  accessLabel: { type: 'string', check: labelKeyFieldProblem },
  ports: PORTS,
  name: { type: 'string', check: policyNameProblem },
};

const SERVER_FIELDS: FieldsOf<ServerSpec> = {
  serverName: { type: 'string', check: namePartProblem },
  serverLabels: { type: 'labels', nonEmpty: true },
  accessLabel: { type: 'string', check: labelKeyFieldProblem },
  ports: PORTS,
  name: { type: 'string', check: policyNameProblem },
};

const INTERNET_FACING_FIELDS: FieldsOf<InternetFacingSpec> = {
  podLabels: { type: 'labels', nonEmpty: true },
  // The name of a v1 Service of the namespace, found in the manifests of `synth --services` (service-refs.ts).
  service: { type: 'string', check: namespaceNameProblem },
  ports: PORTS,
  sources: { type: 'list', items: { type: 'string', check: cidrFieldProblem } },
  name: { type: 'string', check: policyNameProblem },
};

const CONNECTION_FIELDS: FieldsOf<BaselineConnectionSpec> = {
  fromLabels: { type: 'labels', nonEmpty: true },
  toLabels: { type: 'labels', nonEmpty: true },
  // The name of a v1 Service of the namespace, found in the manifests of `synth --services` (service-refs.ts).
  toService: { type: 'string', check: namespaceNameProblem },
  ports: PORTS,
  name: { type: 'string', check: policyNameProblem },
};

const ALLOW_FROM_FIELDS: FieldsOf<NamespaceIngressSpec> = {
  fromNamespace: { type: 'string', check: namespaceNameProblem },
  fromLabels: { type: 'labels' },
  toLabels: { type: 'labels' },
  ports: PORTS,
  sourceDeniesEgress: { type: 'boolean' },
  toService: { type: 'string', check: namespaceNameProblem },
  name: { type: 'string', check: policyNameProblem },
};

const NAMESPACE_FIELDS: FieldsOf<ConfigNamespace> = {
  namespace: { type: 'string', check: namespaceNameProblem },
  ...SHARED_OPTIONS,
  hubs: {
    type: 'list',
    items: {
      type: 'object',
      fields: HUB_FIELDS,
      required: ['hubName'],
      exactlyOne: [['hubLabels', 'hubService']],
      aliases: { hub: 'hubName', labels: 'hubLabels', service: 'hubService', policyName: 'name' },
    },
  },
  servers: {
    type: 'list',
    items: { type: 'object', fields: SERVER_FIELDS, required: ['serverName', 'serverLabels'], aliases: { server: 'serverName', labels: 'serverLabels', policyName: 'name' } },
  },
  internetFacing: {
    type: 'list',
    items: {
      type: 'object', fields: INTERNET_FACING_FIELDS, exactlyOne: [['podLabels', 'service']], aliases: { labels: 'podLabels', policyName: 'name' },
    },
  },
  connections: {
    type: 'list',
    items: {
      type: 'object',
      fields: CONNECTION_FIELDS,
      required: ['fromLabels'],
      exactlyOne: [['toLabels', 'toService']],
      aliases: { from: 'fromLabels', to: 'toLabels', service: 'toService', policyName: 'name' },
    },
  },
  allowFrom: {
    type: 'list',
    items: { type: 'object', fields: ALLOW_FROM_FIELDS, required: ['fromNamespace'], aliases: { namespace: 'fromNamespace', from: 'fromNamespace' } },
  },
};

/** The schema of the whole file. */
export const CONFIG_SCHEMA: FieldSchema = {
  type: 'object',
  fields: {
    ...SHARED_OPTIONS,
    namespaces: { type: 'keyedList', keyField: 'namespace', items: { type: 'object', fields: NAMESPACE_FIELDS, required: ['namespace'], aliases: { name: 'namespace' } } },
  },
  required: ['namespaces'],
};

/** A validated config. Ports are PortSpecs: the schema admits only the protocols of the Protocol enum. */
export interface BaselineConfig {
  /** The options shared by every namespace. */
  readonly shared: ConfigOptions;
  readonly namespaces: ConfigNamespace[];
}

/** Reads and validates a config file; every problem is reported at once, with its field path and line. */
export function loadConfig(file: string): BaselineConfig {
  if (file === STDIN) {
    return parseConfig(readStandardInput(), '<stdin>');
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err: any) {
    if (err?.code === 'ENOENT') {
      throw new UserError(`${file}: no such config file`, 'give the path of a baseline config (see "cdk8s-netpol synth --help")');
    }
    if (err?.code === 'EISDIR') {
      throw new UserError(`${file}: is a folder, not a config file`);
    }
    throw new UserError(`${file}: cannot read it (${err?.code ?? messageOf(err)})`);
  }
  return parseConfig(text, file);
}

/** Parses and validates config text (YAML or JSON). */
export function parseConfig(text: string, file: string): BaselineConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const what = path.extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML';
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new UserError(`${file}:${line}:${col}: invalid ${what}: ${firstLine(error.message)}`,
      'fix the syntax at that line or just above it (indentation, a missing ":" or an unclosed bracket are the usual causes)');
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new UserError(`${file}: the config is empty`, 'list at least "namespaces:"; see the README for a full example');
  }
  const checker = new SchemaChecker(lineCounter);
  checker.check(doc.contents, CONFIG_SCHEMA, '');
  const namespaces = isMap(doc.contents) ? doc.contents.get('namespaces', true) : undefined;
  if (checker.problems.length === 0) {
    const names = namespaceNames(namespaces);
    const seen = new Map<string, number>();
    names.forEach(({ name, node, path: p }) => {
      if (seen.has(name)) {
        checker.report(node, p, `namespace ${JSON.stringify(name)} is listed twice; merge its settings into one entry`);
      }
      seen.set(name, 1);
    });
    if (names.length === 0) {
      checker.report(namespaces, 'namespaces', 'is empty; list at least one namespace');
    }
  }
  if (checker.problems.length > 0) {
    const lines = checker.problems.map((p) => `  ${file}${p.line ? `:${p.line}` : ''}: ${p.path}: ${p.message}`);
    throw new UserError(`invalid config (${checker.problems.length} problem${checker.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      'fix the fields above; the README section "Command-line tool" shows every field');
  }
  return normalize(doc.toJS());
}

function namespaceNames(node: unknown): { name: string; node: any; path: string }[] {
  if (isSeq(node)) {
    return node.items.map((item: any, i) => {
      const name = isScalar(item) ? item.value : item.get('namespace');
      return { name: String(name), node: item, path: `namespaces[${i}]` };
    });
  }
  if (isMap(node)) {
    return node.items.map((pair: any) => ({ name: String(pair.key.value), node: pair.key, path: `namespaces.${pair.key.value}` }));
  }
  return [];
}

/** The map form and the bare-name shorthand become the list form; bare port numbers become `{ port }`. */
function normalize(raw: any): BaselineConfig {
  const { namespaces, ...shared } = raw;
  const list: any[] = Array.isArray(namespaces)
    ? namespaces.map((n) => typeof n === 'string' ? { namespace: n } : n)
    : Object.entries(namespaces).map(([namespace, settings]) => ({ namespace, ...(settings as object ?? {}) }));
  const portsOf = (ports: any[] | undefined) => ports?.map((p) => typeof p === 'number' ? { port: p } : p);
  const withPorts = (items: any[] | undefined) => items?.map((item) => ({ ...item, ports: portsOf(item.ports) }));
  return {
    shared,
    namespaces: list.map((n) => ({
      ...n,
      hubs: withPorts(n.hubs),
      servers: withPorts(n.servers),
      internetFacing: withPorts(n.internetFacing),
      connections: withPorts(n.connections),
      allowFrom: withPorts(n.allowFrom),
    })),
  };
}
