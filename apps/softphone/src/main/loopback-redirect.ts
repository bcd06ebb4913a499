// RFC 8252 §7.3 loopback redirect for sign-in through the system browser: a one-shot HTTP
// listener on 127.0.0.1 with an OS-assigned port, only for `/callback`, that checks `state`,
// shows a friendly page, gives up after a timeout and closes itself.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRedirectOptions {
  path?: string;
  timeoutMs?: number;
}

export class LoopbackRedirectError extends Error {
  readonly code: 'ERR_LOOPBACK_TIMEOUT' | 'ERR_LOOPBACK_CLOSED';
  constructor(code: LoopbackRedirectError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback` (the IP literal, RFC 8252 §8.3). */
  redirectUri: string;
  /** Sets the `state` the callback must carry (known once the authorization URL is built). */
  expectState(state: string): void;
  /** The full callback URL, once the browser comes back with the expected state. */
  result: Promise<string>;
  close(): void;
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;margin:3rem"><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

export async function startLoopbackRedirect(options: LoopbackRedirectOptions = {}): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  let expected: string | undefined;
  let settle!: { resolve: (url: string) => void; reject: (error: Error) => void };
  const result = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined); // the caller may close without awaiting
  let done = false;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1`);
    const send = (status: number, html: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end(html);
    };
    if (req.method !== 'GET' || url.pathname !== path || done) return send(404, page('Not found', 'Nothing here.'));
    // A request without our state is someone else's (or a replay): refuse it and keep waiting.
    if (expected === undefined || url.searchParams.get('state') !== expected) {
      return send(400, page('Sign-in link not recognised', 'This sign-in response does not belong to the sign-in in progress. Start signing in again from the softphone.'));
    }
    done = true;
    const failed = url.searchParams.has('error');
    send(200, failed
      ? page('Sign-in was not completed', 'You can close this tab and return to the softphone to try again.')
      : page('You are signed in', 'You can close this tab and return to the softphone.'));
    settle.resolve(`http://127.0.0.1:${port}${url.pathname}${url.search}`);
    finish();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const timer = setTimeout(() => {
    settle.reject(new LoopbackRedirectError('ERR_LOOPBACK_TIMEOUT', 'Sign-in took too long. Start signing in again.'));
    finish();
  }, options.timeoutMs ?? 5 * 60_000);
  function finish() {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  }
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    expectState(state) {
      expected = state;
    },
    result,
    close() {
      if (!done) {
        done = true;
        settle.reject(new LoopbackRedirectError('ERR_LOOPBACK_CLOSED', 'Sign-in was cancelled.'));
      }
      finish();
    },
  };
}

/**
 * The `SignInNavigator` of @eims/phone for Electron: a fresh loopback listener per sign-in, the
 * authorization URL opened in the system browser (never an embedded web view, RFC 8252 §8.12).
 */
export function loopbackNavigator(openExternal: (url: string) => Promise<void>, options: LoopbackRedirectOptions = {}) {
  return {
    async prepare() {
      const listener = await startLoopbackRedirect(options);
      return {
        redirectUri: listener.redirectUri,
        async navigate(authorizationUrl: string): Promise<string> {
          const state = new URL(authorizationUrl).searchParams.get('state');
          if (!state) throw new LoopbackRedirectError('ERR_LOOPBACK_CLOSED', 'The sign-in request has no state.');
          listener.expectState(state);
          await openExternal(authorizationUrl);
          return listener.result;
        },
        close: () => listener.close(),
      };
    },
  };
}
