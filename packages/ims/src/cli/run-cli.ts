// The `ims` command: dispatches to provisioning and trunk status (over the SBI) and CDR commands (local file).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ImsError } from '../errors.ts';
import { operatorKeyFile } from '../operator-key.ts';
import { sbiTlsFiles } from '../sbi/sbi-tls.ts';
import { SbiClient } from '../sbi/sbi-client.ts';
import { cdrCommand } from './cdr-command.ts';
import { option, parseArgs, UsageError } from './cli-args.ts';
import { provisionCommand } from './provision-command.ts';
import { trunkCommand } from './trunk-command.ts';
import { USAGE } from './usage.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  write(text: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
};

/** Runs one command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    const args = parseArgs(argv);
    const command = args.positionals[0];
    if (args.flags.has('help') || command === undefined || command === 'help') {
      io.write(USAGE);
      return command === undefined && !args.flags.has('help') ? 2 : 0;
    }
    const dataDir = resolve(option(args, 'data-dir') ?? env['DATA_DIR'] ?? '.data');
    const imsDataDir = join(dataDir, 'ims');
    if (command === 'cdr') return cdrCommand(args, imsDataDir, io);
    if (command !== 'provision' && command !== 'trunk') throw new UsageError(`Unknown command "${command}".`);

    const caFile = sbiTlsFiles(imsDataDir).caCert;
    if (!existsSync(caFile)) {
      io.err(`No emulator CA at ${caFile}: start the emulator first (npm start), or pass --data-dir of a running one.`);
      return 1;
    }
    const keyFile = operatorKeyFile(imsDataDir);
    const apiKey = option(args, 'api-key') || env['IMS_OPERATOR_API_KEY'] || (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
    if (!apiKey) {
      io.err(`No operator API key: pass --api-key, set IMS_OPERATOR_API_KEY, or run from the data folder of the emulator (${keyFile}).`);
      return 1;
    }
    const sbiUrl = option(args, 'sbi-url') ?? `https://localhost:${env['IMS_SBI_PORT'] || '4700'}`;
    const client = new SbiClient({ sbiUrl, caCertPem: readFileSync(caFile, 'utf8'), apiKey, timeoutMs: 5000 });
    try {
      return command === 'trunk' ? await trunkCommand(args, client, io) : await provisionCommand(args, client, io, imsDataDir);
    } finally {
      client.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nRun "ims --help" for usage.`);
      return 2;
    }
    if (error instanceof ImsError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}
