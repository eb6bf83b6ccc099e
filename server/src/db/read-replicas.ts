import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { logger } from '../shared/logger';
import type { Actor, RequestContext } from '../shared/request-context';

/**
 * Read replicas (DATABASE_REPLICA_URLS). MikroORM holds one pool per replica
 * (`replicas` in db/orm.ts, with `preferReadReplicas` off): nothing reaches a
 * replica unless a service asks for it through `run`. The rules
 * (docs/architecture.md, "Read replicas"):
 *
 * - Only read-only work asks: the account search, an account's detail, the
 *   registration metrics, the SKM report and the published IKM.
 * - The primary serves it instead when the operation writes (a mutation: its
 *   reads must see its own write), when the unit of work is in a transaction,
 *   and for STICKY seconds after the same caller (session or API key) ran a
 *   mutation: the next screen after a change reads what the change wrote.
 * - A replica that fails to connect is left alone for RETRY seconds (a circuit
 *   breaker: no request waits on it again meanwhile); the failed read is
 *   retried on the primary. /healthz probes each replica and closes the
 *   breaker as soon as it answers again.
 */
export interface ReplicaOptions {
  /** After a caller's mutation, its reads use the primary for this long. */
  stickySeconds: number;
  /** A replica that failed is not tried again for this long (unless /healthz finds it back). */
  retrySeconds: number;
}

export interface ReplicaHealth {
  name: string;
  ok: boolean;
  /** How far its replay is behind (0 when it has replayed all it received); null when unknown. */
  lagSeconds: number | null;
  /** Why it is not ok: `unavailable`, `timeout`, `not_in_recovery`. */
  error?: string;
}

interface ReplicaState {
  name: string;
  connection: Connection;
  /** Epoch ms before which the replica is not tried (0: closed breaker). */
  downUntil: number;
}

/** The replica connection a `run` chose: what MikroORM's 'read' connection resolves to inside it. */
const chosen = new AsyncLocalStorage<Connection>();

/** Driver errors that mean "this server cannot be reached", not "this statement is wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
]);

export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = e as { code?: string; name?: string; message?: string };
    if (code && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    if (name === 'ConnectionException' || name === 'KnexTimeoutError') return true;
    if (
      message &&
      /Connection terminated|Connection ended unexpectedly|connection timeout|timeout exceeded when trying to connect/i.test(
        message,
      )
    ) {
      return true;
    }
  }
  return false;
}

/** The caller a mutation's stickiness is kept for: a session or an API key. */
function stickyKey(actor: Actor): string | null {
  switch (actor.kind) {
    case 'STAFF':
    case 'ACCOUNT':
      return `s:${actor.sessionId}`;
    case 'API_KEY':
      return `k:${actor.apiKeyId}`;
    default:
      return null;
  }
}

const HEALTH_DEADLINE_MS = 1500;

export class ReadReplicas {
  private replicas: ReplicaState[] = [];
  private turn = 0;
  /** Caller → epoch ms until which its reads use the primary. */
  private readonly recentWriters = new Map<string, number>();

  constructor(
    private readonly opts: ReplicaOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes the ORM's replica pools (in DATABASE_REPLICA_URLS order) and makes
   * its 'read' connection the one `run` chose, or the primary outside `run`.
   */
  attach(orm: MikroORM): void {
    // MikroORM keeps the pools it made from `replicas` on the driver; picking among them is ours.
    const driver = orm.em.getDriver() as unknown as {
      replicas?: Connection[];
      getConnection(type?: 'read' | 'write'): Connection;
    };
    const pools = driver.replicas ?? [];
    this.replicas = pools.map((connection, i) => ({ name: `replica-${i + 1}`, connection, downUntil: 0 }));
    if (!pools.length) return;
    const primary = driver.getConnection('write');
    driver.getConnection = (type = 'write') => (type === 'read' ? (chosen.getStore() ?? primary) : primary);
  }

  get configured(): number {
    return this.replicas.length;
  }

  /**
   * The operation writes (a mutation): its own reads, and the same caller's
   * until `stickySeconds` after it ends (`finished`), use the primary.
   */
  wrote(ctx: RequestContext): void {
    ctx.readPrimary = true;
    this.stick(ctx);
  }

  /** The operation has answered: a writing one starts its caller's sticky window now. */
  finished(ctx: RequestContext): void {
    if (ctx.readPrimary) this.stick(ctx);
  }

  private stick(ctx: RequestContext): void {
    if (!this.replicas.length) return;
    const key = stickyKey(ctx.actor);
    if (!key) return;
    const now = this.now();
    if (this.recentWriters.size > 10_000) {
      for (const [k, until] of this.recentWriters) if (until <= now) this.recentWriters.delete(k);
    }
    this.recentWriters.set(key, now + this.opts.stickySeconds * 1000);
  }

  /**
   * Read-only work: on a replica when the rules allow (with an EntityManager
   * whose queries go to it), else on the request's own EntityManager. When
   * the replica cannot be reached the work runs again on the primary.
   * `work` must not write (a replica refuses it).
   */
  async run<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const replica = this.pick(ctx);
    if (!replica) return work(ctx.em);
    try {
      return await chosen.run(replica.connection, () => work(readView(ctx.em)));
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      this.markDown(replica, err);
      return work(ctx.em);
    }
  }

  /** Where `run` would send this context's reads now: a replica's name, or `primary`. */
  target(ctx: RequestContext): string {
    return this.pick(ctx, false)?.name ?? 'primary';
  }

  /** Probes every replica (within a deadline): reachable, still a standby, and its replay lag. */
  async health(): Promise<ReplicaHealth[]> {
    return Promise.all(this.replicas.map((r) => this.probe(r)));
  }

  private pick(ctx: RequestContext, advance = true): ReplicaState | undefined {
    if (!this.replicas.length || ctx.readPrimary || ctx.em.isInTransaction()) return undefined;
    const key = stickyKey(ctx.actor);
    const now = this.now();
    if (key) {
      const until = this.recentWriters.get(key);
      if (until !== undefined && until > now) return undefined;
    }
    for (let i = 0; i < this.replicas.length; i++) {
      const r = this.replicas[(this.turn + i) % this.replicas.length];
      if (r.downUntil <= now) {
        if (advance) this.turn = (this.turn + i + 1) % this.replicas.length;
        return r;
      }
    }
    return undefined;
  }

  private markDown(r: ReplicaState, err: unknown): void {
    const wasUp = r.downUntil <= this.now();
    r.downUntil = this.now() + this.opts.retrySeconds * 1000;
    if (wasUp) {
      logger.warn(`Read replica ${r.name} unreachable: reads go to the primary`, {
        retryInSeconds: this.opts.retrySeconds,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private async probe(r: ReplicaState): Promise<ReplicaHealth> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ReplicaHealth>((resolve) => {
      timer = setTimeout(
        () => resolve({ name: r.name, ok: false, lagSeconds: null, error: 'timeout' }),
        HEALTH_DEADLINE_MS,
      );
    });
    const check = r.connection
      .execute<{ standby: boolean; lag: number | null }[]>(
        `select pg_is_in_recovery() as standby,
                case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                     else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`,
      )
      .then(
        ([row]): ReplicaHealth =>
          row.standby
            ? { name: r.name, ok: true, lagSeconds: row.lag === null ? null : Math.max(0, Number(row.lag)) }
            : { name: r.name, ok: false, lagSeconds: null, error: 'not_in_recovery' },
        (err: unknown): ReplicaHealth => {
          if (isConnectionError(err)) this.markDown(r, err);
          return { name: r.name, ok: false, lagSeconds: null, error: 'unavailable' };
        },
      );
    try {
      const health = await Promise.race([check, deadline]);
      if (health.ok && r.downUntil > this.now()) {
        logger.info(`Read replica ${r.name} answers again: reads go to it`);
        r.downUntil = 0;
      }
      return health;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * A unit of work whose queries go to the 'read' connection: raw SQL
 * (`execute`), `find`, `findOne`, `findAndCount`, `count` and query builders.
 * Its own identity map: entities read from a replica never mix with the
 * request's.
 */
function readView(em: EntityManager): EntityManager {
  const view = em.fork({ clear: true });
  const read = { connectionType: 'read' as const };
  const find = view.find.bind(view);
  const findOne = view.findOne.bind(view);
  const findAndCount = view.findAndCount.bind(view);
  const count = view.count.bind(view);
  const qb = view.createQueryBuilder.bind(view);
  Object.assign(view, {
    execute: (sql: string, params?: unknown[], method?: 'all' | 'get' | 'run', loggerContext?: object) =>
      view.getConnection('read').execute(sql, params, method, undefined, loggerContext),
    find: (entity: never, where: never, options: object = {}) => find(entity, where, { ...options, ...read }),
    findOne: (entity: never, where: never, options: object = {}) => findOne(entity, where, { ...options, ...read }),
    findAndCount: (entity: never, where: never, options: object = {}) =>
      findAndCount(entity, where, { ...options, ...read }),
    count: (entity: never, where: never, options: object = {}) => count(entity, where, { ...options, ...read }),
    createQueryBuilder: (entity: never, alias?: string, type?: 'read' | 'write', loggerContext?: never) =>
      qb(entity, alias, type ?? 'read', loggerContext),
  });
  return view;
}
