// `node --import tsx packages/ims/bench/profile-summary.ts <file.cpuprofile> [top]`: self time by
// function (and by file) of a V8 CPU profile written by `node --cpu-prof`, highest first.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export function summarizeProfile(file: string, top = 25): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  let total = 0;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (n === undefined) continue;
    total += us;
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|packages|idp)\//, '$1/');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const f = url === '' ? `(${n.callFrame.functionName})` : url;
    byFile.set(f, (byFile.get(f) ?? 0) + us);
  }
  const fmt = (m: Map<string, number>): string[] =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [`total sampled ${(total / 1e6).toFixed(2)} s`, '-- self time by function --', ...fmt(byFunction), '-- self time by file --', ...fmt(byFile)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of summarizeProfile(process.argv[2]!, Number(process.argv[3] ?? 25))) console.log(line);
}
