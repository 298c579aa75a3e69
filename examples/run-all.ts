/**
 * The quick start's main job (`npx projen examples`): synthesizes every example app to
 * dist/examples/<name>.k8s.yaml, then reads the manifests back and prints one summary line per namespace
 * (what `cdk8s-netpol summary dist/examples/<name>.k8s.yaml` prints), and the legend once.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { clusterApp } from './cluster';
import { shopApp } from './shop';
import { shopKplusApp } from './shop-kplus';
import { ManifestObject, summarize, SUMMARY_LEGEND } from './summary';

/** Every example: its name (the chart and file name) and the function that builds its app. */
export const EXAMPLES: Array<{ name: string; build: (outdir?: string) => App }> = [
  { name: 'shop', build: shopApp },
  { name: 'cluster', build: clusterApp },
  { name: 'shop-kplus', build: shopKplusApp },
];

/** Synthesizes one example into `outdir` and returns the objects parsed back from its manifest. */
export function synthesizeExample(build: (outdir?: string) => App, name: string, outdir: string): ManifestObject[] {
  build(outdir).synth();
  const file = join(outdir, `${name}.k8s.yaml`);
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o);
}

function main(): void {
  const outdir = join('dist', 'examples');
  for (const example of EXAMPLES) {
    const objects = synthesizeExample(example.build, example.name, outdir);
    console.log(`${join(outdir, `${example.name}.k8s.yaml`)}: ${objects.length} objects`);
    for (const line of summarize(objects)) {
      console.log(`  ${line}`);
    }
  }
  console.log(`\n${SUMMARY_LEGEND.join('\n')}`);
}

if (require.main === module) {
  main();
}
