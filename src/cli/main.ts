#!/usr/bin/env node
// First: a missing cdk8s-plus-28 is reported as such (see kplus28-check.ts).
import '../kplus28-check';
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { setDefaultNamespace } from './default-namespace';
import { EXIT_BUG, EXIT_OK, EXIT_UNUSABLE, UserError, messageOf } from './errors';
import { visible } from './printable';
import { DEFAULT_MAX_INPUT_BYTES, parseSize, setInputLimit } from './read-input';

/** The package's version, read at run time so the bin and package.json never disagree. */
function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

const EXIT_STATUSES = `
Exit status:
  0  success (audit: no finding at or above --fail-on; explain: the connection is allowed)
  1  audit: findings at or above --fail-on; explain: the connection is denied;
     diff: the change does what --fail-on names (default: allows something new)
  2  unusable input: a missing or unreadable file, bad YAML, an invalid config, a bad option
  3  a bug of cdk8s-netpol (set CDK8S_NETPOL_DEBUG=1 to see the stack, and please report it)`;

/** The exit status the last command's action returned. */
let status = EXIT_OK;

/** Builds the program with its five commands; `main` runs it. */
export function buildProgram(): Command {
  status = EXIT_OK;
  const program = new Command();
  program
    .name('cdk8s-netpol')
    .description('Kubernetes NetworkPolicy baselines: synthesize them from a config, audit manifests, show who can reach whom.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run the command with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', EXIT_STATUSES);

  program.command('synth')
    .description('Synthesize NetworkPolicies from a baseline config (the props of ClusterBaseline / NamespaceBaseline in YAML or JSON).')
    .requiredOption('-c, --config <file>', 'the baseline config, YAML or JSON (- for standard input)')
    .option('-o, --out <dir>', 'write one <namespace>.k8s.yaml per namespace into this folder (default: one YAML stream on stdout)')
    .option('--omit-namespace', 'write the policies without metadata.namespace, for kustomize or kubectl apply -n, as the config\'s ' +
      'omitNamespace does for every namespace (several namespaces need --out)')
    .addHelpText('after', `
Example config (baseline.yaml):
  denyEgress: true             # options shared by every namespace
  namespaces:
    - namespace: shop
      allowSameNamespace: false
      hubs:
        - hubName: db
          hubLabels: { app: db }
          ports: [5432]
    - namespace: monitoring
The README ("Command-line tool") documents every field.
${EXIT_STATUSES}`)
    .action(async (opts) => { status = (await import('./synth.js')).runSynth(opts); });

  program.command('audit')
    .description('Report network policy mistakes in Kubernetes YAML/JSON (files, folders, "-" for stdin, kind: List).')
    .argument('<paths...>', 'files or folders of manifests, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['warning', 'error']).default('warning'))
    .option('--ignore <codes>', 'leave out findings with these codes, separated by commas (for example NP006,NP008)')
    .option('-n, --namespace <names>', 'report only findings about these namespaces, separated by commas (default: all)')
    .addHelpText('after', EXIT_STATUSES)
    .action(async (paths, opts) => { status = (await import('./audit.js')).runAudit(paths, opts); });

  program.command('graph')
    .description('Show who can reach whom, workload by workload, with "internet" as a row and a column.')
    .argument('<paths...>', 'files or folders of manifests, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['mermaid', 'dot', 'html']).default('mermaid'))
    .option('-p, --port <port>', 'check one destination port (default: every port, each arrow labelled with its connections)')
    .option('--protocol <protocol>', 'the protocol: TCP, UDP or SCTP, in any case (default: TCP with --port, every protocol without)')
    .option('--internet-ip <ip>', 'the address that stands for "internet"', '203.0.113.10')
    .option('-n, --namespace <names>', 'show only the workloads of these namespaces, separated by commas (default: all)')
    .option('--max-endpoints <n>', 'refuse a graph with more endpoints (default: mermaid 500, dot 2000, html 200; html at most 500)')
    .option('--max-edges <n>', 'refuse a mermaid or dot graph with more arrows (default: mermaid 500, dot 20000)')
    .addHelpText('after', `
Without --port, every port and protocol is shown: arrows are labelled with their connections
(TCP 80,8080-8090;UDP 53 or All Connections), the html cells show them, with a port/protocol filter.
The html format is one self-contained page (no network access): a colour matrix with sources as rows
and destinations as columns; hover a cell for the verdict, click it for the full explanation.
A graph larger than its format can show is refused (exit 2) before it is built: narrow it with
--namespace, or raise the limit with --max-endpoints / --max-edges.
${EXIT_STATUSES}`)
    .action(async (paths, opts) => { status = (await import('./graph.js')).runGraph(paths, opts); });

  program.command('list')
    .description('List every allowed connection: one line per pair of endpoints with its ports (TCP 80,8080;UDP 53 or All Connections).')
    .argument('<paths...>', 'files or folders of manifests, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['txt', 'json', 'csv']).default('txt'))
    .option('--internet-ip <ip>', 'the address that stands for "internet"', '203.0.113.10')
    .option('-n, --namespace <names>', 'list only the workloads of these namespaces, separated by commas (default: all)')
    .addHelpText('after', EXIT_STATUSES)
    .action(async (paths, opts) => { status = (await import('./list.js')).runList(paths, opts); });

  program.command('diff')
    .description('Show what a change of the manifests opens and closes: connections added, removed and changed, with the rules behind them.')
    .requiredOption('--before <paths...>', 'the manifests before the change: files or folders, or - for standard input')
    .requiredOption('--after <paths...>', 'the manifests after the change, in the same forms (standard input on one side at most)')
    .addOption(new Option('-f, --format <format>', 'output format (markdown: for a pull-request comment)').choices(['text', 'json', 'markdown']).default('text'))
    .addOption(new Option('--fail-on <change>', 'exit 1 when the change allows something new (added), denies something allowed (removed), ' +
      'changes anything (any), or never').choices(['added', 'removed', 'any', 'never']).default('added'))
    .option('--internet-ip <ip>', 'the address that stands for "internet"', '203.0.113.10')
    .addHelpText('after', `
Pairs are compared on every port and protocol. A workload or namespace on one side only is listed as
such (with how connected it is), not as added or removed pairs, and does not count for --fail-on added
or removed. Policies are compared by what they allow: renaming one is no change.
${EXIT_STATUSES}`)
    .action(async (opts) => { status = (await import('./diff.js')).runDiff(opts); });

  program.command('explain')
    .description('Explain whether one connection is allowed, and which policies and rules decide it.')
    .argument('<paths...>', 'files or folders of manifests, or - for standard input')
    .requiredOption('--from <endpoint>', 'the source: namespace/workload, namespace/Kind/workload, namespace/key=value,..., "internet", "dns" or an IP address')
    .requiredOption('--to <endpoint>', 'the destination, in the same forms as --from, or namespace/svc/service:port (a v1 Service on its port)')
    .option('-p, --port <port>', 'the destination port (default: 80; 53 with --to dns)')
    .option('--protocol <protocol>', 'the protocol: TCP, UDP or SCTP, in any case (default: TCP; UDP with --to dns)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--internet-ip <ip>', 'the address that "internet" stands for', '203.0.113.10')
    .addHelpText('after', `
"dns" is the cluster DNS pods: pods labelled k8s-app=kube-dns in kube-system, as AllowDnsEgress allows them
by default (assumed when the manifests hold no kube-system). A workload named dns: write namespace/dns.
Example: cdk8s-netpol explain k8s/ --from shop/web --to dns
${EXIT_STATUSES}`)
    .action(async (paths, opts) => { status = (await import('./explain.js')).runExplain(paths, opts); });

  program.command('summary')
    .description('One line per namespace: its policies, default-deny, DNS, and who can connect to whom on which ports.')
    .argument('<paths...>', 'files or folders of manifests, or - for standard input')
    .option('--no-legend', 'leave out the legend that explains the symbols')
    .addHelpText('after', `
Each line is decided by the reachability engine. Symbols:
  a → b:ports   a may open connections to b on those ports; name: a workload of the manifests
  {key=value}   a pod with these labels (namespaces without workloads are shown through the label sets
                their policies select); *: a pod with no labels, standing for every pod of its namespace
  anyone        every source (every pod and the internet); internet: an address outside the cluster
  any           every port
  DNS ok        every pod of the namespace whose egress is isolated reaches the cluster DNS
                (kube-system pods labelled k8s-app=kube-dns, port 53 UDP and TCP); NO DNS for x: x does not
${EXIT_STATUSES}`)
    .action(async (paths, opts) => { status = (await import('./summary.js')).runSummary(paths, opts); });

  addInputLimit(program);
  return program;
}

/**
 * `--max-input-size` on every command that reads manifests: they refuse input larger than this (in
 * all) before reading it, so a huge file or a link to /dev/zero ends with a clear message. And
 * `--default-namespace`: the namespace of objects without one (not `-n`, which filters on audit, graph
 * and list), noted on stderr whenever some object has none.
 */
function addInputLimit(program: Command): void {
  for (const command of program.commands.filter((c) => ['audit', 'graph', 'explain', 'list', 'diff', 'summary'].includes(c.name()))) {
    command.addOption(new Option('--max-input-size <size>', 'refuse input larger than this in all, before reading it (K, M, G: powers of 1024)')
      .default('512M'));
    command.option('--default-namespace <name>', 'the namespace of objects without metadata.namespace, as kustomize or ' +
      'kubectl apply -n places them (default: default, as kubectl without -n)');
  }
  program.hook('preAction', (_program, action) => {
    const size = action.opts().maxInputSize;
    setInputLimit(size === undefined ? DEFAULT_MAX_INPUT_BYTES : parseSize(size));
    setDefaultNamespace(action.opts().defaultNamespace);
  });
}

/**
 * Runs the CLI and returns its exit status; never throws for a user's mistake. Each command's module
 * (and cdk8s with it) is loaded only when that command runs, so `--help` and `audit` start fast.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; commander has already printed the reason of any other error.
      return err.exitCode === 0 ? EXIT_OK : EXIT_UNUSABLE;
    }
    if (err instanceof UserError) {
      // Messages quote names from the manifests: a control character in one must not forge a line.
      process.stderr.write(`cdk8s-netpol: error: ${visible(err.message, '\n')}\n`);
      if (err.hint) {
        process.stderr.write(`  fix: ${visible(err.hint, '\n')}\n`);
      }
      return EXIT_UNUSABLE;
    }
    // A bug of ours, not the user's: say so, with the stack for the report.
    process.stderr.write(`cdk8s-netpol: internal error: ${messageOf(err)}\n` +
      'please report it with the command and the input that caused it\n' +
      (process.env.CDK8S_NETPOL_DEBUG ? `${(err as Error)?.stack}\n` : 'set CDK8S_NETPOL_DEBUG=1 to see the stack\n'));
    return EXIT_BUG;
  }
}

if (require.main === module) {
  // `cdk8s-netpol graph ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      process.exit(process.exitCode ?? 0);
    }
    throw err;
  });
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
