import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GqlError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}
export interface GqlResult<T = any> {
  data?: T;
  errors?: GqlError[];
  status: number;
}

/** The connection was reset before any answer: a reused keep-alive socket the server had just closed. */
const resetBeforeAnswer = (err: unknown) =>
  err instanceof TypeError && ['ECONNRESET', 'UND_ERR_SOCKET'].includes((err.cause as { code?: string })?.code ?? '');

/**
 * One GraphQL request over real HTTP. Like a browser, it sends again once when
 * a reused keep-alive connection is reset before any answer (the server closed
 * it idle just as the request left); a server that is down still fails.
 */
export async function gql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GqlResult<T>> {
  const send = () =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  // Several idle pooled connections may have been closed at once: each resend may meet another one.
  const attempt = (left: number): Promise<Response> =>
    send().catch((err: unknown) => {
      if (left > 0 && resetBeforeAnswer(err)) return attempt(left - 1);
      throw err;
    });
  const res = await attempt(3);
  const body = (await res.json()) as { data?: T; errors?: GqlError[] };
  return { ...body, status: res.status };
}

/** Like gql, but fails the test when the operation returned errors. */
export async function gqlOk<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const r = await gql<T>(url, query, variables, token);
  if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data as T;
}

export function errorCode(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

/** A graphql-ws client; `headers` go on the upgrade request (as a reverse proxy would add them). */
export function wsClient(url: string, token?: string, headers?: Record<string, string>): Client {
  return createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: headers
      ? class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers });
          }
        }
      : WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null && v !== false) return v as T;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
