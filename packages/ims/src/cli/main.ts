// Entry of the `ims` command (bin/ims.mjs runs it through tsx).
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
