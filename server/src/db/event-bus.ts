import { createPubSub } from '@graphql-yoga/subscription';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { logger } from '../shared/logger';

export const CHANNEL = 'hak_akses_events';

/** Topic of the notifications the credential triggers send (not a GraphQL subscription topic). */
export const PRINCIPAL_CHANGED = 'PRINCIPAL_CHANGED';

export const Topics = {
  ACCOUNT_STATUS_CHANGED: 'ACCOUNT_STATUS_CHANGED',
  METRICS_CHANGED: 'METRICS_CHANGED',
  COMPLAINT_UPDATED: 'COMPLAINT_UPDATED',
} as const;

/** Something happened to a complaint (no personal data: officers open it to read). */
export interface ComplaintUpdatePayload {
  complaintId: string;
  number: string;
  /** CREATED, MESSAGE (the reporter wrote), REMINDER (overdue), or the step (ASSIGNED, REPLIED, RESOLVED …). */
  kind: string;
  status: string;
  unitId: string;
  at: string;
  /** Staff ids of the officers following it (their consoles highlight the change). */
  followerIds?: string[];
}

export interface AccountStatusPayload {
  accountId: string;
  status: string;
  previousStatus: string | null;
  activatedAt: string | null;
  expiresAt: string | null;
  at: string;
  reason: string | null;
}

/**
 * A credential changed in a way that may take rights away: a session revoked
 * (logout, password reset), a staff user disabled or given another role, an API
 * key revoked or re-scoped. Sent by database triggers (migration
 * principal_events), so every path that changes those rows — GraphQL, the
 * command line, SQL by an operator — tells every instance.
 */
export interface PrincipalChange {
  kind: 'SESSION' | 'STAFF' | 'API_KEY';
  id: string;
}

type TopicPayloads = {
  [Topics.ACCOUNT_STATUS_CHANGED]: [AccountStatusPayload];
  [Topics.METRICS_CHANGED]: [{ metric: string }];
  [Topics.COMPLAINT_UPDATED]: [ComplaintUpdatePayload];
};

/**
 * Subscription events that cross server instances: a service queues the event
 * with pg_notify inside its own transaction (PostgreSQL delivers it only on
 * commit), and every instance LISTENs and hands it to its local PubSub.
 */
export class EventBus {
  readonly pubSub = createPubSub<TopicPayloads>();
  private client?: Client;
  private stopped = false;

  constructor(private readonly databaseUrl: string) {}

  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private readonly principalListeners = new Set<(change: PrincipalChange) => void>();
  private readonly reconnectListeners = new Set<() => void>();

  /** Called for every PrincipalChange from any instance; returns the unsubscribe function. */
  onPrincipalChanged(listener: (change: PrincipalChange) => void): () => void {
    this.principalListeners.add(listener);
    return () => this.principalListeners.delete(listener);
  }

  /** Called after the listener reconnected: events sent while it was down are lost, so re-check. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Whether the LISTEN connection is up (reported by /healthz). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects and LISTENs; the first connection must succeed, later ones are retried for as long as it takes. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const { topic, payload } = JSON.parse(n.payload) as { topic: string; payload: never };
        if (topic === PRINCIPAL_CHANGED) {
          for (const l of this.principalListeners) l(payload as PrincipalChange);
        } else {
          this.pubSub.publish(topic as keyof TopicPayloads, payload);
        }
      } catch (err) {
        logger.warn('Ignoring malformed event', { error: String(err) });
      }
    });
    client.on('error', (err) => {
      if (this.client !== client) return;
      logger.warn('Event listener connection lost; reconnecting', { error: err.message });
      this.client = undefined;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    this.failures = 0;
  }

  /** Retries with a growing delay (0.5 s doubling to 5 s) until connected or stopped. */
  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(5000, 500 * 2 ** this.failures);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopped) return;
      this.connect().then(
        () => {
          logger.info('Event listener reconnected');
          for (const l of this.reconnectListeners) l();
        },
        (e) => {
          this.failures++;
          logger.warn('Event listener reconnect failed; retrying', { error: String(e), attempt: this.failures });
          this.scheduleReconnect();
        },
      );
    }, delay);
  }

  async publishInTransaction<T extends keyof TopicPayloads>(
    em: EntityManager,
    topic: T,
    payload: TopicPayloads[T][0],
  ): Promise<void> {
    await em.execute('select pg_notify(?, ?)', this.notification(topic, payload));
  }

  /** Arguments of `pg_notify` for an event, for a statement that notifies as part of its other work. */
  notification<T extends keyof TopicPayloads>(topic: T, payload: TopicPayloads[T][0]): [string, string] {
    return [CHANNEL, JSON.stringify({ topic, payload })];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
