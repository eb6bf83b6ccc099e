import { createClient, Client } from 'graphql-ws';

/** The staff session kept by the console (sessionStorage: it ends with the browser tab). */
const KEY = 'hakAkses.session';
export interface StaffSessionInfo {
  token: string;
  username: string;
  role: 'HELPDESK' | 'SUPERVISOR' | 'ADMIN';
  id?: string;
}
export const session = {
  get(): StaffSessionInfo | null {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StaffSessionInfo) : null;
  },
  set(s: StaffSessionInfo) {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

export const ROLE_RANK = { HELPDESK: 1, SUPERVISOR: 2, ADMIN: 3 } as const;
export const atLeast = (role: string | undefined, needed: keyof typeof ROLE_RANK) =>
  !!role && (ROLE_RANK[role as keyof typeof ROLE_RANK] ?? 0) >= ROLE_RANK[needed];

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/** One GraphQL call with the staff token; errors become ApiError with the server's Indonesian message. */
export async function gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const token = session.get()?.token;
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string; fields?: Record<string, string> } }[];
  };
  if (body.errors?.length) {
    const e = body.errors[0];
    const fields = e.extensions?.fields;
    const detail = fields && Object.keys(fields).length ? ` ${Object.values(fields).join(' ')}` : '';
    throw new ApiError(`${e.message}${detail}`, e.extensions?.code, fields);
  }
  return body.data as T;
}

let ws: Client | undefined;
let wsUp = false;
const wsListeners = new Set<(connected: boolean) => void>();
const setWsUp = (up: boolean) => {
  wsUp = up;
  wsListeners.forEach((l) => l(up));
};
/**
 * Follows the live connection's state, starting with the current one; returns
 * the unsubscribe. The connection outlives the layout (which remounts, e.g.
 * when the language changes), so its state is kept here.
 */
export function onWsState(listener: (connected: boolean) => void): () => void {
  wsListeners.add(listener);
  listener(wsUp);
  return () => wsListeners.delete(listener);
}

/** The graphql-ws client for live updates; it reconnects by itself after a server restart. */
export function wsClient(onState?: (connected: boolean) => void): Client {
  if (onState) onWsState(onState);
  if (!ws) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    ws = createClient({
      url,
      connectionParams: () => ({ authorization: `Bearer ${session.get()?.token ?? ''}` }),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: (n) => new Promise((r) => setTimeout(r, Math.min(5000, 500 * 2 ** n))),
      lazy: false,
      keepAlive: 10_000,
      on: { connected: () => setWsUp(true), closed: () => setWsUp(false) },
    });
  }
  return ws;
}

export function closeWs() {
  void ws?.dispose();
  ws = undefined;
  setWsUp(false);
}
