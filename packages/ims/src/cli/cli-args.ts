// A small argv parser: positionals, `--name value` options (repeatable ones kept as lists) and
// boolean flags. Unknown options are usage errors, so typos do not pass silently.

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const FLAGS = new Set(['help', 'json']);
const OPTIONS = new Set([
  'data-dir', 'sbi-url', 'api-key', 'name', 'domain', 'range', 'issuer', 'introspection', 'if4-cert', 'if4-key', 'idp-ca', 'pbx-ca', 'pbx-address',
  'set-audience', 'impu', 'e164', 'username', 'password', 'password-env', 'format', 'out',
]);

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      parsed.flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (FLAGS.has(name)) {
      parsed.flags.add(name);
      continue;
    }
    if (!OPTIONS.has(name)) throw new UsageError(`Unknown option --${name}.`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    parsed.options.set(name, [...(parsed.options.get(name) ?? []), value]);
  }
  return parsed;
}

export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}

export function required(args: ParsedArgs, name: string): string {
  const value = option(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required.`);
  return value;
}
