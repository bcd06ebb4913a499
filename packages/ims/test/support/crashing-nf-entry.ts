// A network function for the nf-thread tests: starts (or refuses to, when told), reports its
// address, emits one event, then crashes its thread when told to.
import { serveNfThread } from '../../src/core/nf-thread.ts';

interface Data {
  refuse?: boolean;
  crashAfterMs?: number;
}

await serveNfThread<Data, { port: number }>(async (data, thread) => {
  if (data.refuse) throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:1'), { code: 'EADDRINUSE' });
  thread.log('started');
  setImmediate(() => thread.emit({ hello: 'main' }));
  if (data.crashAfterMs !== undefined) {
    setTimeout(() => {
      throw new Error('boom in the thread');
    }, data.crashAfterMs);
  }
  return { info: { port: 1234 }, close: () => Promise.resolve() };
});
