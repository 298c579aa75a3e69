/**
 * The child process of every measured sample: `node --expose-gc worker.js '<task JSON>'`. It runs one
 * task and sends its result to the parent (bench/run.ts) over IPC. Each kind loads only its own
 * modules (hence `require` here), so a sample's memory holds nothing another case needs.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
function runTask(task: any): unknown {
  switch (task.kind) {
    case 'synth':
      return require('./synth/tasks').runSynthTask(task);
    case 'analysis':
      return require('./analysis/tasks').runAnalysisTask(task);
    case 'spot-check':
      return require('./analysis/tasks').runSpotCheck(task);
    case 'write-audit-folder':
      return require('./audit/write-folder').writeAuditFolder(task);
    case 'write-audit-dump':
      return require('./audit/write-dump').writeAuditDump(task);
    case 'connections':
      return require('./connections/tasks').runConnectionsTask(task);
    case 'write-diff-folders':
      return require('./connections/tasks').writeDiffFolders(task);
    default:
      throw new Error(`unknown task kind ${JSON.stringify(task.kind)}`);
  }
}

try {
  const result = runTask(JSON.parse(process.argv[2]));
  process.send!(result, () => process.exit(0));
} catch (err: any) {
  process.send!({ error: String(err?.stack ?? err) }, () => process.exit(1));
}
