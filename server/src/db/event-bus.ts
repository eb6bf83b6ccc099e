import { createPubSub } from '@graphql-yoga/subscription';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { logger } from '../shared/logger';

export const CHANNEL = 'hak_akses_events';

export const Topics = {
  ACCOUNT_STATUS_CHANGED: 'ACCOUNT_STATUS_CHANGED',
  METRICS_CHANGED: 'METRICS_CHANGED',
} as const;

export interface AccountStatusPayload {
  accountId: string;
  status: string;
  previousStatus: string | null;
  activatedAt: string | null;
  expiresAt: string | null;
  at: string;
  reason: string | null;
}

type TopicPayloads = {
  [Topics.ACCOUNT_STATUS_CHANGED]: [AccountStatusPayload];
  [Topics.METRICS_CHANGED]: [{ metric: string }];
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

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const { topic, payload } = JSON.parse(n.payload) as { topic: keyof TopicPayloads; payload: never };
        this.pubSub.publish(topic, payload);
      } catch (err) {
        logger.warn('Ignoring malformed event', { error: String(err) });
      }
    });
    client.on('error', (err) => {
      logger.warn('Event listener connection lost; reconnecting', { error: err.message });
      this.client = undefined;
      if (!this.stopped)
        setTimeout(() => this.start().catch((e) => logger.error('Reconnect failed', { error: String(e) })), 1000);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  async publishInTransaction<T extends keyof TopicPayloads>(
    em: EntityManager,
    topic: T,
    payload: TopicPayloads[T][0],
  ): Promise<void> {
    await em.execute('select pg_notify(?, ?)', [CHANNEL, JSON.stringify({ topic, payload })]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }
}
