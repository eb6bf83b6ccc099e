import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { Chip, Theme, useMediaQuery } from '@mui/material';
import { useTranslate } from 'react-admin';
import { atLeast, onWsState, session, SUBSCRIPTIONS, wsClient } from './api';

interface StatusEvent {
  accountId: string;
  status: string;
  previousStatus?: string | null;
  expiresAt?: string | null;
  reason?: string | null;
}
interface ComplaintEvent {
  complaintId: string;
  kind: string;
  at: string;
  followerIds?: string[];
}
interface Live {
  connected: boolean;
  /** Latest status event per account since the console opened. */
  statuses: Record<string, StatusEvent>;
  /** Complaints with news (new, a reporter's message, overdue) since the complaints list was last seen. */
  complaintNews: number;
  /** Changes every time any complaint changes: lists showing complaints reload on it. */
  complaintTick: number;
  /** Complaints the officer follows that changed since the complaints list was last seen (highlighted there). */
  followedNews: ReadonlySet<string>;
  /** The officer looked at the complaints list: the badge starts again from 0. */
  seenComplaints(): void;
}
const LiveContext = createContext<Live>({
  connected: false,
  statuses: {},
  complaintNews: 0,
  complaintTick: 0,
  followedNews: new Set(),
  seenComplaints: () => {},
});

/** What an officer should look at: a new complaint, a reporter's message, a complaint past its due time. */
const NEWS = ['CREATED', 'MESSAGE', 'REMINDER'];

/**
 * One graphql-ws connection for the console: accountStatusChanged for every
 * account, so lists and detail pages change in place. graphql-ws reconnects
 * after a server restart; the indicator shows the state.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [connected, setConnected] = useState(false);
  const [statuses, setStatuses] = useState<Record<string, StatusEvent>>({});
  const [newsIds, setNewsIds] = useState<ReadonlySet<string>>(new Set());
  const [complaintTick, setComplaintTick] = useState(0);
  const [followedNews, setFollowedNews] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    // An outreach officer's desk has nothing live to follow (and may not subscribe to it).
    if (!session.get() || session.get()?.role === 'OUTREACH') return;
    const client = wsClient();
    const unfollow = onWsState(setConnected);
    const stop = client.subscribe<{ accountStatusChanged: StatusEvent }>(
      { query: SUBSCRIPTIONS.accountStatusChanged },
      {
        next: ({ data, errors }) => {
          // An event the server could not deliver means the list may be stale: never claim "live" then.
          if (errors?.length) return setConnected(false);
          setConnected(true);
          const e = data?.accountStatusChanged;
          if (e) setStatuses((s) => ({ ...s, [e.accountId]: e }));
        },
        error: () => setConnected(false),
        complete: () => {},
      },
    );
    // The server sends a regional officer only their unit's complaints.
    const stopComplaints = client.subscribe<{ complaintUpdated: ComplaintEvent }>(
      { query: SUBSCRIPTIONS.complaintUpdated },
      {
        next: ({ data }) => {
          const e = data?.complaintUpdated;
          if (!e) return;
          setComplaintTick((n) => n + 1);
          // Any change to a complaint the officer follows is news for them (the event names its followers).
          const me = session.get()?.id;
          const followed = !!me && (e.followerIds ?? []).includes(me);
          const add = (ids: ReadonlySet<string>) => (ids.has(e.complaintId) ? ids : new Set([...ids, e.complaintId]));
          if (followed) setFollowedNews(add);
          // One complaint opened by a message is one piece of news, not two.
          if (NEWS.includes(e.kind) || followed) setNewsIds(add);
        },
        error: () => setConnected(false),
        complete: () => {},
      },
    );
    return () => {
      unfollow();
      stop();
      stopComplaints();
    };
  }, []);
  const seenComplaints = useCallback(() => setNewsIds((ids) => (ids.size ? new Set() : ids)), []);
  return (
    <LiveContext.Provider
      value={{ connected, statuses, complaintNews: newsIds.size, complaintTick, followedNews, seenComplaints }}
    >
      {children}
    </LiveContext.Provider>
  );
}

export const useLive = () => useContext(LiveContext);

/** The account's status as it is now: the live event if one came after the page loaded. */
export function useLiveStatus(accountId?: string, loaded?: string): string | undefined {
  const { statuses } = useLive();
  return (accountId && statuses[accountId]?.status) || loaded;
}

export function LiveIndicator() {
  const { connected } = useLive();
  const t = useTranslate();
  // On a phone the dot alone says it, leaving room for the page title.
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const word = connected ? t('app.live') : t('app.offline');
  return (
    <Chip
      size="small"
      data-testid="live-indicator"
      title={word}
      aria-label={word}
      label={`${connected ? '●' : '○'}${phone ? '' : ` ${word}`}`}
      color={connected ? 'success' : 'default'}
      sx={{ mx: 1, color: connected ? undefined : 'inherit' }}
    />
  );
}

export const canSee = (needed: 'HELPDESK' | 'SUPERVISOR' | 'ADMIN', role?: string) => atLeast(role, needed);
