import { createClient, Client } from 'graphql-ws';

/**
 * The staff session as the console keeps it: the server's bearer token (the
 * server decides on every request whether it is still good) in localStorage,
 * so every tab of one browser shares one login. A logout or an ended session
 * in one tab ends it in the others through the `storage` event. See
 * docs/security.md for why this and not sessionStorage or a cookie.
 */
const KEY = 'hakAkses.session';
/** Per tab: where to go back after the next login, and why the login page shows. */
const RETURN_KEY = 'hakAkses.returnTo';
const NOTICE_KEY = 'hakAkses.notice';
export const LOGIN_HASH = '#/login';

export interface StaffSessionInfo {
  token: string;
  username: string;
  role: 'OUTREACH' | 'HELPDESK' | 'SUPERVISOR' | 'ADMIN';
  id?: string;
  /** Works in the national unit (absent in a session stored before this was kept: treated as national). */
  national?: boolean;
}
export const session = {
  get(): StaffSessionInfo | null {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as StaffSessionInfo;
    } catch {
      return null;
    }
  },
  set(s: StaffSessionInfo) {
    localStorage.setItem(KEY, JSON.stringify(s));
  },
  clear() {
    localStorage.removeItem(KEY);
  },
};

const onLoginPage = () => location.hash === LOGIN_HASH || location.hash.startsWith(`${LOGIN_HASH}?`);

let leaving = false;
/**
 * Loads the console afresh at the login page: nothing the ended session read
 * (lists, revealed personal data, the live socket) stays in memory, and no
 * react-admin redirect can chase itself. `notice` is shown above the form;
 * the page the officer was on is reopened after the next login.
 */
export function toLoginPage(notice?: 'expired') {
  if (leaving) return;
  leaving = true;
  if (!onLoginPage()) sessionStorage.setItem(RETURN_KEY, location.hash || '#/');
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  else sessionStorage.removeItem(NOTICE_KEY);
  history.replaceState(null, '', `${location.pathname}${location.search}${LOGIN_HASH}`);
  location.reload();
}

/**
 * The server answered UNAUTHENTICATED (or closed the socket with 4403) for
 * `refused`: back to the login page. If another tab has meanwhile logged in
 * afresh, the new session stays and this tab just reloads with it.
 */
export function sessionEnded(refused?: string) {
  const current = session.get()?.token;
  // Refused after this tab ended the session itself ("Keluar"): nothing more has ended.
  if (refused && !current) return;
  if (refused && current && current !== refused) {
    location.reload();
    return;
  }
  session.clear();
  toLoginPage('expired');
}

/** What the login page needs: the notice to show and where to go after login (a react-admin path). */
export const loginState = {
  notice: () => sessionStorage.getItem(NOTICE_KEY) as 'expired' | null,
  returnPath(): string {
    const hash = sessionStorage.getItem(RETURN_KEY) ?? '';
    const path = hash.replace(/^#/, '');
    return path.startsWith('/') && !path.startsWith('/login') ? path : '/';
  },
  consumed() {
    sessionStorage.removeItem(RETURN_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
  },
};

/**
 * Before react-admin starts: an officer without a session goes straight to
 * the login page (remembering the deep link), and tabs follow each other's
 * login and logout.
 */
export function startSession() {
  if (!session.get() && !onLoginPage()) {
    sessionStorage.setItem(RETURN_KEY, location.hash || '#/');
    history.replaceState(null, '', `${location.pathname}${location.search}${LOGIN_HASH}`);
  }
  window.addEventListener('storage', (e) => {
    if (e.key !== KEY && e.key !== null) return;
    const now = session.get();
    if (!now && !onLoginPage()) sessionEnded();
    // Another tab logged in while this one waited at the login page: carry on where it was going.
    else if (now && onLoginPage()) {
      const to = loginState.returnPath();
      loginState.consumed();
      history.replaceState(null, '', `${location.pathname}${location.search}#${to}`);
      location.reload();
    }
  });
}

/** OUTREACH officers rank below the helpdesk: their console is the outreach desk only. */
export const ROLE_RANK = { OUTREACH: 0, HELPDESK: 1, SUPERVISOR: 2, ADMIN: 3 } as const;
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

/**
 * One GraphQL call with the staff token (none when `anonymous`, as for the
 * login itself); errors become ApiError with the server's Indonesian message.
 */
export async function gql<T = any>(
  query: string,
  variables?: Record<string, unknown>,
  opts: { anonymous?: boolean; token?: string } = {},
): Promise<T> {
  const token = opts.anonymous ? undefined : (opts.token ?? session.get()?.token);
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
    // A refused token (not a failed login, which is sent without one) means the session is over.
    if (token && e.extensions?.code === 'UNAUTHENTICATED') sessionEnded(token);
    const fields = e.extensions?.fields;
    const detail = fields && Object.keys(fields).length ? ` ${Object.values(fields).join(' ')}` : '';
    throw new ApiError(`${e.message}${detail}`, e.extensions?.code, fields);
  }
  return body.data as T;
}

/** The live updates the console follows (graphql-ws): account statuses, complaints, the dashboard's figures. */
export const SUBSCRIPTIONS = {
  accountStatusChanged: 'subscription { accountStatusChanged { accountId status previousStatus expiresAt reason } }',
  complaintUpdated: 'subscription { complaintUpdated { complaintId kind at followerIds } }',
  registrationMetricsUpdated: 'subscription { registrationMetricsUpdated { totals { flowsStarted completed } } }',
} as const;

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
      // 4403: the server ended the session; anything else (a restart, a network drop) is retried.
      shouldRetry: (e) => !(e instanceof CloseEvent && e.code === 4403),
      retryWait: (n) => new Promise((r) => setTimeout(r, Math.min(5000, 500 * 2 ** n))),
      lazy: false,
      keepAlive: 10_000,
      on: {
        connected: () => setWsUp(true),
        closed: (e) => {
          setWsUp(false);
          if ((e as CloseEvent | undefined)?.code === 4403 && session.get()) sessionEnded();
        },
      },
    });
  }
  return ws;
}

export function closeWs() {
  void ws?.dispose();
  ws = undefined;
  setWsUp(false);
}
