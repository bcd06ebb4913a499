// The text of `ims --help`.

export const USAGE = `ims — operator CLI of the IMS emulator

Usage:
  ims provision enterprise add --name <name> --domain <domain> --range <from>-<to> [--range ...]
                               --issuer <idp issuer URL> --introspection <https URL>
                               --if4-cert <file> --if4-key <file> --idp-ca <file>
                               [--pbx-ca <file>|generate] [--pbx-address <host:port>] [--set-audience <aud>]
  ims provision enterprise list [--json]
  ims provision enterprise show <id|domain>
  ims provision enterprise remove <id|domain>
  ims provision enterprise issue-pbx-cert <domain> --out <dir>
  ims provision subscriber add --impu <sip:user@domain> --e164 <+number> --username <digest user>
                               (--password <password> | --password-env <VAR>)
  ims provision subscriber list [--json]
  ims provision subscriber remove <impu>
  ims trunk status [--json]
  ims cdr export [--format csv|json] [--out <file>]
  ims cdr verify
  ims --help

Provisioning and trunk status talk to the running emulator's SBI (HTTP/2 over TLS) with the
operator API key; CDR commands read the emulator's SQLite file directly and work while it is stopped.

Options (every command):
  --data-dir <dir>   data folder (default: $DATA_DIR or .data); the emulator's files are in <dir>/ims/
  --sbi-url <url>    SBI address (default: https://localhost:$IMS_SBI_PORT, port 4700)
  --api-key <key>    operator API key (default: $IMS_OPERATOR_API_KEY, else <dir>/ims/operator-api-key)
  --help             this text

Number ranges are E.164, both ends inclusive and of the same length:
  --range +12025550100-+12025550199   (a single number: --range +12025550150)

Examples:
  ims provision enterprise add --name "Globex" --domain globex.example \\
      --range +13125550100-+13125550199 --issuer https://login.globex.example \\
      --introspection https://login.globex.example/token/introspection \\
      --if4-cert eds.crt --if4-key eds.key --idp-ca globex-ca.crt
  ims provision subscriber add --impu sip:erin@ims.mnc001.mcc001.3gppnetwork.org \\
      --e164 +12025550998 --username erin --password-env ERIN_PASSWORD
  ims provision enterprise issue-pbx-cert acme.example --out pbx-certs
                          (PBX certificate from a demo PBX CA the emulator made: --pbx-ca generate)
  ims trunk status        (PBXs connected to the IBCF's SIP trunk, TLS 127.0.0.1:5071)
  ims cdr export --format csv --out cdrs.csv
  ims cdr verify          (exit code 0: chain intact; 1: a record was changed, removed or reordered)

Exit codes: 0 success, 1 failure (refused request, broken CDR chain, emulator unreachable), 2 usage error.
`;
