// Parser and serializer throughput on a typical IMS INVITE and its 200 OK, beside drachtio-srf's
// SIP parser on the same bytes in the same run. Prints BENCH lines (test/support/bench.ts).
import { createRequire } from 'node:module';
import { median, report } from '../../../test/support/bench.ts';
import { getHeader, parseCSeq, parseMessage, parseVia, serialize, type SipMessage } from '../src/index.ts';
import { imsInvite, imsOk } from './ims-messages.ts';

interface DrachtioParser {
  parseSipMessage(s: string | Buffer, lazy?: boolean): unknown;
  stringifySipMessage(m: unknown): string;
}
const drachtio = createRequire(import.meta.url)('drachtio-srf/lib/sip-parser/parser.js') as DrachtioParser;

const RUNS = 9;
const MS = 300;

/**
 * Operations per second of process CPU time (not wall time): the machine is shared with other
 * jobs, and time spent descheduled would otherwise count against whichever side was running.
 */
function cpuOpsPerSecond(fn: () => void, ms: number): number {
  let n = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - wallStart < ms) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const cpu = process.cpuUsage(cpuStart);
  return (n * 1e6) / (cpu.user + cpu.system);
}

function ours(bytes: Buffer): SipMessage {
  const r = parseMessage(bytes);
  if (!r.ok) throw r.error;
  // What a proxy needs at once: the top Via and the CSeq.
  const via = parseVia(getHeader(r.value, 'Via')!);
  const cseq = parseCSeq(getHeader(r.value, 'CSeq')!);
  if (!via.ok || !cseq.ok) throw new Error('benchmark message did not validate');
  return r.value;
}

/** Measures `mine` and each baseline in turn, RUNS times, and prints one BENCH line per baseline. */
function compare(name: string, mine: () => void, baselines: Array<{ name: string; fn: () => void }>): void {
  const all = [mine, ...baselines.map((b) => b.fn)];
  for (const fn of all) cpuOpsPerSecond(fn, MS); // warm-up: every side reaches optimised code first
  const samples = all.map((): number[] => []);
  for (let i = 0; i < RUNS; i++) {
    all.forEach((fn, k) => samples[k]!.push(cpuOpsPerSecond(fn, MS)));
  }
  const value = median(samples[0]!);
  baselines.forEach((b, k) => {
    const base = median(samples[k + 1]!);
    console.log(`${name}: ${Math.round(value)} msg/s per CPU-second (median of ${RUNS}); ${b.name}: ${Math.round(base)} msg/s; ratio ${(value / base).toFixed(2)}`);
    report({ name: k === 0 ? name : `${name} vs ${b.name}`, unit: 'msg/s', value, baseline: { name: b.name, value: base } });
  });
}

const invite = imsInvite();
const okResponse = imsOk();
console.log(`INVITE ${invite.length} bytes, 200 OK ${okResponse.length} bytes`);

for (const [label, bytes] of [['invite', invite], ['200-ok', okResponse]] as const) {
  if (!drachtio.parseSipMessage(bytes, false)) throw new Error('drachtio could not parse the benchmark message');
  compare(`sip-parse-${label}`, () => { ours(bytes); }, [
    { name: 'drachtio-srf parseSipMessage (headers parsed)', fn: () => { drachtio.parseSipMessage(bytes, false); } },
    { name: 'drachtio-srf parseSipMessage (lazy, as SipMessage uses it)', fn: () => { drachtio.parseSipMessage(bytes, true); } },
  ]);
}
// The same messages with a new top-Via branch and Call-ID each time (a new dialog per message): no
// header text repeats except the lower Vias, the worst case for the parsers' memo tables.
const VARIANTS = 4096;
function fresh(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  return Array.from({ length: VARIANTS }, (_, i) => Buffer.from(text
    .replace('branch=z9hG4bK-scscf-5e1d2c9a0b', `branch=z9hG4bK-scscf-${i.toString(36)}x${(i * 7919).toString(16)}`)
    .replaceAll('7d0c9a12b4e3f8a1@', `${(i * 104729).toString(16)}c${i}@`), 'latin1'));
}
for (const [label, bytes] of [['invite', invite], ['200-ok', okResponse]] as const) {
  const variants = fresh(bytes);
  let k = 0;
  compare(`sip-parse-${label}-fresh-dialogs`, () => { ours(variants[k++ % VARIANTS]!); }, [
    { name: 'drachtio-srf parseSipMessage (lazy, as SipMessage uses it)', fn: () => { drachtio.parseSipMessage(variants[k++ % VARIANTS]!, true); } },
  ]);
}
for (const [label, bytes] of [['invite', invite], ['200-ok', okResponse]] as const) {
  const m = ours(bytes);
  const d = drachtio.parseSipMessage(bytes, true);
  compare(`sip-serialize-${label}`, () => { serialize(m); }, [
    { name: 'drachtio-srf stringifySipMessage', fn: () => { Buffer.from(drachtio.stringifySipMessage(d)); } },
  ]);
}
