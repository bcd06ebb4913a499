// Click-to-call plumbing: which `sip:`/`tel:` URL the OS handed over (argv of a first or second
// instance, or macOS `open-url`), and how the app registers itself as the handler of those schemes.
import { dialUrlFromArgv, parseDialUrl, type DialTarget } from './protocol-handler.ts';

export const CLICK_TO_CALL_SCHEMES = ['sip', 'tel'] as const;

export type ClickToCall = { ok: true; target: DialTarget } | { ok: false; error: string } | undefined;

/** The dial target in a process's arguments; undefined when there is no sip:/tel: argument. */
export function clickToCallFromArgv(argv: readonly string[]): ClickToCall {
  const url = dialUrlFromArgv(argv);
  if (url === undefined) return undefined;
  const parsed = parseDialUrl(url);
  return parsed.ok ? { ok: true, target: parsed.value } : { ok: false, error: parsed.error };
}

export interface ProcessInfo {
  /** `process.defaultApp`: true when started as `electron path/to/main.mjs` (development). */
  defaultApp: boolean;
  execPath: string;
  argv: readonly string[];
}

/**
 * Arguments for `app.setAsDefaultProtocolClient`. A packaged app registers its own executable;
 * a development run must pass the script path too, or the OS would start bare Electron.
 */
export function protocolClientRegistrations(proc: ProcessInfo): { scheme: string; args: [string] | [string, string, string[]] }[] {
  const script = proc.argv[1];
  return CLICK_TO_CALL_SCHEMES.map((scheme) => ({
    scheme,
    args: proc.defaultApp && script !== undefined ? [scheme, proc.execPath, [script]] : [scheme],
  }));
}
