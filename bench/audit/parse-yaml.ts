/**
 * The audit baseline: `node parse-yaml.js FOLDER` reads every *.yaml file of the folder and parses
 * all its documents with the `yaml` package (what any tool reading manifests must do at least), then
 * exits. Run as its own process, like the CLI, so both include node's start-up.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const folder = process.argv[2];
let objects = 0;
for (const name of fs.readdirSync(folder).sort()) {
  if (!name.endsWith('.yaml')) continue;
  for (const doc of parseAllDocuments(fs.readFileSync(path.join(folder, name), 'utf8'))) {
    if (doc.toJS() !== null) objects += 1;
  }
}
process.stdout.write(JSON.stringify({ objects }) + '\n');
