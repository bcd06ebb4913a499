// Child process of the crash test: appends CDRs to the given database, says so, then waits to be
// killed with SIGKILL (no chance to close the database cleanly).
import { openDatabase } from '@eims/store';
import { CdrStore } from '../../src/billing/cdr-store.ts';
import { sampleCdr } from './sample-cdr.ts';

const [file, count] = process.argv.slice(2);
const cdrs = new CdrStore(openDatabase(file!));
for (let i = 0; i < Number(count); i++) cdrs.append(sampleCdr(i));
process.stdout.write(`appended ${count}\n`);
setInterval(() => undefined, 60_000);
