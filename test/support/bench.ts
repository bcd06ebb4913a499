// The benchmark convention of DESIGN.md: figures are medians of several runs, and each result
// is printed as one `BENCH {json}` line, with a baseline measured in the same run where one exists.

export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  baseline?: { name: string; value: number };
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new TypeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Prints one `BENCH {json}` line; the ratio is value / baseline (higher is better for rates). */
export function report(result: BenchResult): void {
  const line: Record<string, unknown> = { name: result.name, unit: result.unit, value: round(result.value) };
  if (result.baseline) {
    line['baseline'] = { name: result.baseline.name, value: round(result.baseline.value) };
    line['ratio'] = round(result.value / result.baseline.value);
  }
  console.log(`BENCH ${JSON.stringify(line)}`);
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second. */
export function opsPerSecond(fn: () => void, ms = 1000): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Async variant: `concurrency` loops call `fn` for about `ms` milliseconds. */
export async function asyncOpsPerSecond(fn: () => Promise<void>, ms = 2000, concurrency = 32): Promise<number> {
  let n = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await fn();
        n++;
      }
    }),
  );
  return (n * 1000) / (performance.now() - start);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
