import { DNS_PORT_NUMBER, dnsNote, withClusterDns } from './cluster-dns';
import { manifestOptions } from './default-namespace';
import { isDnsWord, resolveEndpoint, parseInternetIp, parsePort, parseProtocol, workloadsOf } from './endpoints';
import { analyse, analysisNotes, guarded } from './engine';
import { EXIT_FINDINGS, EXIT_OK } from './errors';
import { loadManifests, yamlDifferenceNotes } from './load-manifests';
import { visible } from './printable';
import { Reachability } from '../analysis/reachability';

/** With `--to dns` and no --protocol, the answer is for UDP; DNS needs TCP too. */
const DNS_TCP_NOTE = `the answer is for UDP/${DNS_PORT_NUMBER}; DNS also needs TCP/${DNS_PORT_NUMBER} (answers too large for UDP): ask again with --protocol TCP`;

/** Options of `cdk8s-netpol explain`. */
export interface ExplainOptions {
  readonly from: string;
  readonly to: string;
  /** Default: 80, or 53 with `--to dns`. */
  readonly port?: string;
  /** Default: TCP, or UDP with `--to dns`. */
  readonly protocol?: string;
  readonly format: string;
  readonly internetIp: string;
}

/** Explains one connection; the exit status is 0 when it is allowed and 1 when it is denied. */
export function runExplain(paths: string[], options: ExplainOptions): number {
  const toDns = isDnsWord(options.to);
  const port = parsePort(options.port ?? (toDns ? String(DNS_PORT_NUMBER) : '80'));
  const protocol = parseProtocol(options.protocol ?? (toDns ? 'UDP' : 'TCP'));
  const internetIp = parseInternetIp(options.internetIp);
  const loaded = loadManifests(paths);
  // `dns` on either side: the engine must know kube-system, whether or not the manifests hold it.
  const dns = isDnsWord(options.from) || toDns ? withClusterDns(loaded.objects.map((o) => o.object)) : undefined;
  const reach = dns ? guarded('analyse the manifests', () => Reachability.fromManifests(dns.objects, manifestOptions())) : analyse(loaded.objects);
  const workloads = workloadsOf(reach.workloads);
  const dnsNotes = dns ? [dnsNote(dns.implied), ...(toDns && options.protocol === undefined ? [DNS_TCP_NOTE] : [])] : [];
  const notes = () => [...loaded.notes, ...yamlDifferenceNotes(loaded.objects), ...analysisNotes(reach), ...dnsNotes];
  let from: ReturnType<typeof resolveEndpoint>;
  let to: ReturnType<typeof resolveEndpoint>;
  try {
    from = resolveEndpoint(options.from, '--from', workloads, internetIp, reach._leftOut, reach.namespaces);
    to = resolveEndpoint(options.to, '--to', workloads, internetIp, reach._leftOut, reach.namespaces);
  } catch (err) {
    // A workload left out, or misread: how the input was read may be the reason.
    if (options.format !== 'json') notes().forEach((n) => process.stderr.write(`note: ${visible(n)}\n`));
    throw err;
  }
  // A Service endpoint with its own port: that is the Service port, and --port is not asked for.
  const connect = to.endpoint.service !== undefined && to.endpoint.port !== undefined ? { protocol } : { port, protocol };
  const explanation = guarded('explain the connection', () => reach.explain(from.endpoint, to.endpoint, connect));
  if (options.format === 'json') {
    process.stdout.write(JSON.stringify({
      allowed: explanation.allowed,
      from: explanation.from,
      to: explanation.to,
      port: explanation.port,
      protocol: explanation.protocol,
      ...(explanation.note !== undefined ? { note: explanation.note } : {}),
      egress: explanation.egress,
      ingress: explanation.ingress,
      text: explanation.text,
      ...(dnsNotes.length > 0 ? { notes: dnsNotes } : {}),
    }, null, 2) + '\n');
  } else {
    const internet = from.internet || to.internet ? [`"internet" stands for ${internetIp} (change it with --internet-ip)`] : [];
    [...notes(), ...internet]
      .forEach((n) => process.stderr.write(`note: ${visible(n)}\n`));
    // Names from the manifests may hold control characters: only the explanation's own line breaks stay.
    process.stdout.write(visible(explanation.text, '\n') + '\n');
  }
  return explanation.allowed ? EXIT_OK : EXIT_FINDINGS;
}
