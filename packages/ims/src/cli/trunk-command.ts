// `ims trunk status`: the PBXs connected to the IBCF's SIP trunk, as the EDS admitted them (IF3).
import type { ConnectedTrunk } from '../eds/if3-api.ts';
import type { SbiClient } from '../sbi/sbi-client.ts';
import { UsageError, type ParsedArgs } from './cli-args.ts';
import type { CliIo } from './run-cli.ts';

export async function trunkCommand(args: ParsedArgs, client: SbiClient, io: CliIo): Promise<number> {
  const action = args.positionals[1];
  if (action !== 'status') throw new UsageError(`Unknown action "${action ?? ''}" for trunk: use "ims trunk status".`);
  const answer = await client.call<{ trunks: ConnectedTrunk[] }>('GET', '/if3/v1/pbx-admissions');
  if (!answer.ok) {
    io.err(`Refused (${answer.status} ${answer.problem.code}): ${answer.problem.detail}`);
    return 1;
  }
  const trunks = answer.value.trunks;
  if (args.flags.has('json')) io.out(JSON.stringify(trunks, null, 2));
  else if (trunks.length === 0) io.out('No PBX is connected to the SIP trunk (IBCF, TLS port 5071 by default).');
  else for (const t of trunks) io.out(`${t.enterprise.domain}  ${t.enterprise.name}  from ${t.remoteAddress}  since ${t.since}  certificate ${t.subject} (until ${t.notAfter})`);
  return 0;
}
