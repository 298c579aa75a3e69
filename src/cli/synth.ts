export function runSynth(_o: any): number { return 0; }
