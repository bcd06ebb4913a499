// `ims cdr export|verify`: reads the emulator's SQLite file directly (works while it is stopped).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@eims/store';
import { CdrStore } from '../billing/cdr-store.ts';
import { option, UsageError, type ParsedArgs } from './cli-args.ts';
import type { CliIo } from './run-cli.ts';

export function cdrCommand(args: ParsedArgs, imsDataDir: string, io: CliIo): number {
  const action = args.positionals[1];
  const file = join(imsDataDir, 'ims.sqlite');
  if (action !== 'export' && action !== 'verify') throw new UsageError('Use "ims cdr export" or "ims cdr verify".');
  if (!existsSync(file)) {
    io.err(`No emulator database at ${file}. Start the emulator once (npm start) or pass --data-dir.`);
    return 1;
  }
  const db = openDatabase(file);
  try {
    const cdrs = new CdrStore(db);
    if (action === 'verify') {
      const result = cdrs.verify();
      if (result.ok) {
        io.out(`CDR chain intact: ${result.count} record(s), head ${result.headHash}.`);
        return 0;
      }
      io.err(`CDR chain broken at record ${result.seq} (${result.reason}): ${result.message}`);
      return 1;
    }
    const format = option(args, 'format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, not "${format}".`);
    const text = cdrs.export(format);
    const out = option(args, 'out');
    if (out === undefined) io.write(text);
    else {
      writeFileSync(out, text);
      io.err(`Wrote ${cdrs.list().length} CDR(s) to ${out}.`);
    }
    return 0;
  } finally {
    db.close();
  }
}
