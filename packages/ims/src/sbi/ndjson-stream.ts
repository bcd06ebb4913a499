// A long-lived HTTP/2 answer carrying newline-delimited JSON events: the subscription of IF1 and
// IF2. The first line is `{"type":"subscribed"}` so a client knows it will hear what follows.
import type { Http2ServerResponse } from 'node:http2';
import type { EventChannel } from '../eds/eds-events.ts';

export function streamEvents<E>(res: Http2ServerResponse, channel: EventChannel<E>): void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  res.write(`${JSON.stringify({ type: 'subscribed' })}\n`);
  const unsubscribe = channel.subscribe((event) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  });
  // An idle line every 15 s keeps intermediaries and dead-peer detection honest.
  const keepAlive = setInterval(() => res.write('\n'), 15_000);
  keepAlive.unref();
  const stop = (): void => {
    clearInterval(keepAlive);
    unsubscribe();
  };
  res.on('close', stop);
  res.stream.on('close', stop);
}
