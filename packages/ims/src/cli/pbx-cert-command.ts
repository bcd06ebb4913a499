// `ims provision enterprise issue-pbx-cert <domain> --out <dir>`: a PBX certificate from the
// enterprise's PBX CA, for demos (the emulator holds the key of demo PBX CAs only).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EnterpriseView } from '../bss/enterprise.ts';
import { issuePbxCertificate } from '../bss/pbx-certificates.ts';
import { sbiTlsFiles } from '../sbi/sbi-tls.ts';
import type { SbiClient } from '../sbi/sbi-client.ts';
import { required, UsageError, type ParsedArgs } from './cli-args.ts';
import type { CliIo } from './run-cli.ts';

export async function issuePbxCertCommand(args: ParsedArgs, client: SbiClient, io: CliIo, imsDataDir: string, domain: string | undefined): Promise<number> {
  if (!domain) throw new UsageError('Name the enterprise: ims provision enterprise issue-pbx-cert <domain> --out <dir>.');
  const out = resolve(required(args, 'out'));
  const answer = await client.call<{ enterprise: EnterpriseView }>('GET', `/bss/v1/enterprises/${encodeURIComponent(domain)}`);
  if (!answer.ok) {
    io.err(`Refused (${answer.status} ${answer.problem.code}): ${answer.problem.detail}`);
    return 1;
  }
  const enterprise = answer.value.enterprise;
  if (enterprise.pbxCaCertPem === null) {
    io.err(`${enterprise.domain} has no PBX CA provisioned: add one with --pbx-ca <file> (or --pbx-ca generate for a demo CA).`);
    return 1;
  }
  const issued = await issuePbxCertificate(imsDataDir, enterprise.pbxCaCertPem, enterprise.domain);
  if (issued === undefined) {
    io.err(`The emulator does not hold the key of ${enterprise.domain}'s PBX CA (only demo CAs it made are in ${join(imsDataDir, 'tls')}): issue the PBX certificate with the enterprise's own CA.`);
    return 1;
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'pbx.crt'), issued.certPem);
  writeFileSync(join(out, 'pbx.key'), issued.keyPem, { mode: 0o600 });
  chmodSync(join(out, 'pbx.key'), 0o600);
  writeFileSync(join(out, 'pbx-ca.crt'), enterprise.pbxCaCertPem);
  writeFileSync(join(out, 'carrier-ca.crt'), readFileSync(sbiTlsFiles(imsDataDir).caCert, 'utf8'));
  io.out(`Issued a PBX certificate for ${enterprise.domain} in ${out}: pbx.crt and pbx.key (present them to the IBCF), pbx-ca.crt (the enterprise PBX CA), carrier-ca.crt (verifies the IBCF).`);
  return 0;
}
