// `ims provision ...`: the BSS API over the SBI, with the operator API key.
import { readFileSync } from 'node:fs';
import type { EnterpriseView, SubscriberView } from '../bss/enterprise.ts';
import { parseRange } from '../bss/number-range.ts';
import { ensureDemoPbxCa } from '../bss/pbx-certificates.ts';
import { issuePbxCertCommand } from './pbx-cert-command.ts';
import { SbiClient } from '../sbi/sbi-client.ts';
import { option, required, UsageError, type ParsedArgs } from './cli-args.ts';
import type { CliIo } from './run-cli.ts';

export async function provisionCommand(args: ParsedArgs, client: SbiClient, io: CliIo, imsDataDir: string): Promise<number> {
  const [, kind, action, target] = args.positionals;
  const json = args.flags.has('json');
  const done = (answer: { ok: boolean; status: number; problem?: { code: string; detail: string; field?: unknown } }): number | undefined => {
    if (answer.ok) return undefined;
    const field = typeof answer.problem?.field === 'string' ? ` (field ${answer.problem.field})` : '';
    io.err(`Refused (${answer.status} ${answer.problem?.code ?? ''})${field}: ${answer.problem?.detail ?? ''}`);
    return 1;
  };

  if (kind === 'enterprise') {
    switch (action) {
      case 'add': {
        const ranges = (args.options.get('range') ?? []).map((text) => {
          const range = parseRange(text);
          if (!range) throw new UsageError(`--range "${text}" is not <from>-<to> (e.g. +12025550100-+12025550199).`);
          return range;
        });
        if (ranges.length === 0) throw new UsageError('--range is required (at least one).');
        const pbx = option(args, 'pbx-ca');
        const name = required(args, 'name');
        const domain = required(args, 'domain');
        const pbxAddress = option(args, 'pbx-address');
        const body = {
          name,
          domain,
          numberRanges: ranges,
          idpIssuer: required(args, 'issuer'),
          introspectionEndpoint: required(args, 'introspection'),
          if4ClientCertPem: readFile(required(args, 'if4-cert'), '--if4-cert'),
          if4ClientKeyPem: readFile(required(args, 'if4-key'), '--if4-key'),
          idpCaCertPem: readFile(required(args, 'idp-ca'), '--idp-ca'),
          // `--pbx-ca generate`: a demo PBX CA whose key the emulator keeps (issue-pbx-cert uses it).
          pbxCaCertPem: pbx === undefined ? null : pbx === 'generate' ? await ensureDemoPbxCa(imsDataDir, domain, name) : readFile(pbx, '--pbx-ca'),
          ...(pbxAddress === undefined ? {} : { pbxAddress }),
          setAudience: option(args, 'set-audience') ?? null,
        };
        const answer = await client.call<{ enterprise: EnterpriseView }>('POST', '/bss/v1/enterprises', body);
        if (!answer.ok) return done(answer)!;
        io.out(json ? JSON.stringify(answer.value.enterprise, null, 2) : `Provisioned ${describeEnterprise(answer.value.enterprise)}`);
        return 0;
      }
      case 'list': {
        const answer = await client.call<{ enterprises: EnterpriseView[] }>('GET', '/bss/v1/enterprises');
        if (!answer.ok) return done(answer)!;
        if (json) io.out(JSON.stringify(answer.value.enterprises, null, 2));
        else if (answer.value.enterprises.length === 0) io.out('No enterprises are provisioned.');
        else for (const e of answer.value.enterprises) io.out(describeEnterprise(e));
        return 0;
      }
      case 'show': {
        if (!target) throw new UsageError('Name the enterprise: ims provision enterprise show <id|domain>.');
        const answer = await client.call<{ enterprise: EnterpriseView }>('GET', `/bss/v1/enterprises/${encodeURIComponent(target)}`);
        if (!answer.ok) return done(answer)!;
        const { pbxCaCertPem, if4ClientCertPem, idpCaCertPem, ...rest } = answer.value.enterprise;
        io.out(JSON.stringify({ ...rest, pbxCaCertPem: pbxCaCertPem ? '(PEM)' : null, if4ClientCertPem: if4ClientCertPem ? '(PEM)' : null, idpCaCertPem: idpCaCertPem ? '(PEM)' : null }, null, 2));
        return 0;
      }
      case 'remove': {
        if (!target) throw new UsageError('Name the enterprise: ims provision enterprise remove <id|domain>.');
        const answer = await client.call('DELETE', `/bss/v1/enterprises/${encodeURIComponent(target)}`);
        if (!answer.ok) return done(answer)!;
        io.out(`Removed the enterprise ${target}.`);
        return 0;
      }
      case 'issue-pbx-cert':
        return issuePbxCertCommand(args, client, io, imsDataDir, target);
      default:
        throw new UsageError(`Unknown action "${action ?? ''}" for enterprise: use add, list, show, remove or issue-pbx-cert.`);
    }
  }
  if (kind === 'subscriber') {
    switch (action) {
      case 'add': {
        const env = option(args, 'password-env');
        const password = env !== undefined ? process.env[env] : option(args, 'password');
        if (password === undefined) throw new UsageError(env !== undefined ? `The environment variable ${env} is not set.` : '--password or --password-env is required.');
        const body = { impu: required(args, 'impu'), e164: required(args, 'e164'), digestUsername: required(args, 'username'), password };
        const answer = await client.call<{ subscriber: SubscriberView }>('POST', '/bss/v1/subscribers', body);
        if (!answer.ok) return done(answer)!;
        io.out(json ? JSON.stringify(answer.value.subscriber, null, 2) : `Provisioned ${describeSubscriber(answer.value.subscriber)}`);
        return 0;
      }
      case 'list': {
        const answer = await client.call<{ subscribers: SubscriberView[] }>('GET', '/bss/v1/subscribers');
        if (!answer.ok) return done(answer)!;
        if (json) io.out(JSON.stringify(answer.value.subscribers, null, 2));
        else if (answer.value.subscribers.length === 0) io.out('No subscribers are provisioned.');
        else for (const s of answer.value.subscribers) io.out(describeSubscriber(s));
        return 0;
      }
      case 'remove': {
        if (!target) throw new UsageError('Name the subscriber: ims provision subscriber remove <impu>.');
        const answer = await client.call('DELETE', `/bss/v1/subscribers/${encodeURIComponent(target)}`);
        if (!answer.ok) return done(answer)!;
        io.out(`Removed the subscriber ${target}.`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown action "${action ?? ''}" for subscriber: use add, list or remove.`);
    }
  }
  throw new UsageError('Use "ims provision enterprise ..." or "ims provision subscriber ...".');
}

function describeEnterprise(e: EnterpriseView): string {
  const ranges = e.numberRanges.map((r) => (r.from === r.to ? r.from : `${r.from}-${r.to}`)).join(', ');
  return `${e.name}  ${e.domain}  ${ranges}  IdP ${e.idpIssuer}  id ${e.id}`;
}

function describeSubscriber(s: SubscriberView): string {
  return `${s.impu}  ${s.e164}  digest user ${s.digestUsername} (realm ${s.digestRealm})`;
}

function readFile(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`${flag}: cannot read ${file} (${(cause as Error).message}).`);
  }
}
