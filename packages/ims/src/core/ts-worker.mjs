// Entry of the emulator's worker threads. A worker does not inherit the loader hooks that let its
// parent run TypeScript (`node --import tsx`), so it registers them itself before loading the
// module named in `workerData.entry` (a file URL).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
