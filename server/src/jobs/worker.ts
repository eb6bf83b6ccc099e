import type { MikroORM } from '@mikro-orm/postgresql';
import { EventEmitter } from 'node:events';
import { Logger, run, Runner, TaskList, WorkerEvents } from 'graphile-worker';
import { Pool } from 'pg';
import { logger, withLogScope } from '../shared/logger';
import { traced } from '../shared/tracing';
import type { Services } from '../composition';
import { DELIVER_TASK } from '../modules/messaging';
import {
  InboundWhatsApp,
  ProviderStatusUpdate,
  WHATSAPP_INBOUND_TASK,
  WHATSAPP_STATUS_TASK,
} from '../modules/messaging/whatsapp-webhook';
import { PASSWORD_RESET_TASK } from '../modules/recovery/recovery.service';
import { purgeExpired } from './retention';

/** Unfinished registration flows (24 h) and unconfirmed email changes (72 h). */
export const EXPIRE_STALE_TASK = 'expire_stale';
/**
 * The 30-day rule: warnings 7 days and 1 day before expiry, cancellation at it; and the OSS 1.1 claim
 * deadline: warnings 30, 7 and 1 days before it, removal of unclaimed accounts after it.
 */
export const EXPIRY_SWEEP_TASK = 'expiry_sweep';
/**
 * Daily: expired captchas, rate-limit hits, throttles, sessions and tokens; and the personal data of
 * accounts cancelled longer ago than ACCOUNT_RETENTION_DAYS (anonymised).
 */
export const RETENTION_TASK = 'retention';
/** Every 10 minutes: the audit chain's head to the log and AUDIT_HEAD_FILE (docs/security.md, "Audit"). */
export const AUDIT_HEAD_TASK = 'export_audit_head';

/** Live instances' workers beat this often; a lock older than STALE with no fresh beat belongs to a dead worker. */
const HEARTBEAT_MS = 5000;
const STALE_SECONDS = 20;
/** A job locked by this instance but not running here for this long is released (locked just before it starts). */
const STRANDED_SECONDS = 10;

const graphileLogger = new Logger(() => (level, message) => {
  // A failed delivery attempt is retried and already logged by the task itself.
  if (level === 'error' && !message.startsWith('Failed task')) logger.error(`worker: ${message}`);
  else if (level === 'error') logger.warn(`worker: ${message.split('\n')[0]}`);
  else if (level === 'warning') logger.warn(`worker: ${message}`);
  else logger.debug(`worker: ${message}`);
});

/**
 * The PostgreSQL job queue (graphile-worker): outbox delivery, queued reset
 * requests and scheduled sweeps. Jobs are added with `graphile_worker.add_job`
 * inside the transaction that causes them.
 *
 * Faults: a lost database stops the runner, which is started again until the
 * database answers; jobs locked by a worker that died (kill -9) are released
 * once its heartbeat is stale, so they run again within half a minute. Jobs
 * whose outcome could not be recorded during an outage stay locked under a
 * live worker's id: the heartbeat releases every lock of this instance that no
 * job here is running, so they run again without a restart.
 */
/**
 * Jobs run at once per instance. Most are deliveries, which wait on the mail
 * server or the WhatsApp API rather than on this process: an SMTP message over
 * a fresh connection takes ~150 ms even on the same machine, so 4 at a time
 * capped delivery at ~26 messages/s (13 registrations/s: a code and a welcome
 * each) while the CPU idled; 8 took the registration benchmark (P4) from 13 to
 * about 22 registrations/s. More gave no more there and only added event-loop
 * lag. The worker's own pool only fetches and completes jobs (short
 * statements); the jobs use the application's pool.
 */
export const WORKER_CONCURRENCY = 8;
const WORKER_POOL_SIZE = 4;

/** When a WhatsApp status for a message not known yet is looked at again (seconds after each look). */
export const STATUS_RECHECK_SECONDS = [5, 15, 45, 120] as const;

export async function startWorker(
  databaseUrl: string,
  orm: MikroORM,
  services: Services,
  opts: { retentionDays: number },
): Promise<{ stop(): Promise<void> }> {
  const pgPool = new Pool({ connectionString: databaseUrl, max: WORKER_POOL_SIZE });
  pgPool.on('error', (err) => logger.warn('worker pool error', { error: err.message }));
  pgPool.on('connect', (client) =>
    client.on('error', (err) => logger.warn('worker client error', { error: err.message })),
  );
  const tasks: TaskList = {
    [DELIVER_TASK]: services.outbox.deliverTask(orm),
    [WHATSAPP_STATUS_TASK]: async (payload, helpers) => {
      const { statuses, round = 0 } = payload as { statuses: ProviderStatusUpdate[]; round?: number };
      const { unknown } = await services.outbox.applyProviderStatuses(orm.em.fork(), statuses);
      // Meta's webhook can overtake the worker that records the message's provider id (Meta does not
      // send a status again once we answered 200): look again a little later, a few times.
      const delay = STATUS_RECHECK_SECONDS[round];
      if (unknown.length && delay !== undefined) {
        await helpers.addJob(
          WHATSAPP_STATUS_TASK,
          { statuses: unknown, round: round + 1 },
          { runAt: new Date(Date.now() + delay * 1000) },
        );
      }
    },
    [WHATSAPP_INBOUND_TASK]: async (payload) => {
      const { messages } = payload as { messages: InboundWhatsApp[] };
      await services.complaints.receiveWhatsApp(orm.em.fork(), messages);
    },
    [PASSWORD_RESET_TASK]: async (payload) => {
      const { identifier, ip } = payload as { identifier: string; ip: string | null };
      await services.recovery.processPasswordReset(orm.em.fork(), identifier, ip);
    },
    [EXPIRE_STALE_TASK]: async () => {
      const flows = await services.registrations.expireStale(orm.em.fork());
      const emailChanges = await services.emailChanges.expireStale(orm.em.fork());
      if (flows + emailChanges > 0)
        logger.info('Expired stale records', { registrationFlows: flows, emailChangeRequests: emailChanges });
    },
    [EXPIRY_SWEEP_TASK]: async () => {
      const r = await services.accountExpiry.sweep(orm.em.fork());
      services.telemetry.sweepRuns.inc();
      services.telemetry.sweepCancelled.inc(r.cancelled);
      await services.complaints.remindOverdue(orm.em.fork());
      const legacy = await services.legacyClaims.sweep(orm.em.fork());
      services.telemetry.legacyWarned.inc(Object.values(legacy.warned).reduce((a, b) => a + b, 0));
      services.telemetry.legacyRemoved.inc(legacy.removed);
    },
    [RETENTION_TASK]: async () => {
      const purged = await purgeExpired(orm.em.fork(), opts.retentionDays);
      logger.info('Retention purge', purged);
      // Cancelled accounts past ACCOUNT_RETENTION_DAYS: anonymised, audited, counted (in the service).
      await services.retention.sweep(orm.em.fork());
    },
    [AUDIT_HEAD_TASK]: async () => {
      await services.auditChain.exportHead(orm.em.fork());
    },
  };
  // Every job logs (and is traced) as the system, under the job's id and name.
  const taskList: TaskList = Object.fromEntries(
    Object.entries(tasks).map(([name, task]) => [
      name,
      (payload, helpers) =>
        withLogScope({ requestId: `job:${helpers.job.id}`, principal: 'SYSTEM', operation: `job ${name}` }, () =>
          traced(`job ${name}`, { 'job.id': String(helpers.job.id), 'job.attempt': helpers.job.attempts }, async () => {
            await task!(payload, helpers);
          }),
        ),
    ]),
  );

  const workerIds = new Set<string>();
  let runner: Runner | undefined;
  let stopped = false;
  let restartTimer: NodeJS.Timeout | undefined;
  // Jobs are locked under the pool's id (batched fetching) or a worker's id: both beat and are released.
  // The emitter is ours so the handlers are in place before the first pool and workers exist.
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => workerIds.add(workerPool.id));
  events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  // Jobs this instance is running right now. A job locked under one of our ids but not running here was
  // stranded: its worker could not record the outcome (database outage) or its runner was restarted.
  const running = new Set<string>();
  events.on('job:start', ({ job }) => running.add(String(job.id)));
  events.on('job:complete', ({ job }) => running.delete(String(job.id)));
  const launch = async (): Promise<void> => {
    const r = await run({
      events,
      pgPool,
      concurrency: WORKER_CONCURRENCY,
      noHandleSignals: true,
      pollInterval: 2000,
      logger: graphileLogger,
      taskList,
      // Stale records hourly at minute 7, the expiry sweep every 15 minutes, retention daily at 03:17
      // (a slot missed during downtime runs once on start, backfill 1 h); the audit head every 10 minutes.
      crontab: [
        `7 * * * * ${EXPIRE_STALE_TASK} ?fill=1h`,
        `*/15 * * * * ${EXPIRY_SWEEP_TASK} ?fill=1h&max=1`,
        `17 3 * * * ${RETENTION_TASK} ?fill=1h&max=1`,
        `*/10 * * * * ${AUDIT_HEAD_TASK} ?max=1`,
      ].join('\n'),
    });
    runner = r;
    r.promise.catch((err) => {
      if (stopped || runner !== r) return;
      logger.warn('Job worker stopped by an error; restarting when the database answers', { error: String(err) });
      runner = undefined;
      scheduleRestart();
    });
  };
  const scheduleRestart = () => {
    if (stopped || restartTimer) return;
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      launch().catch((err) => {
        logger.warn('Job worker restart failed; retrying', { error: String(err) });
        scheduleRestart();
      });
    }, 2000);
  };
  await launch();

  // Heartbeat of this instance's workers, and release of jobs whose worker stopped beating.
  const beat = async () => {
    try {
      if (workerIds.size) {
        await pgPool.query(
          `insert into worker_heartbeat (worker_id, seen_at) select unnest($1::text[]), now()
           on conflict (worker_id) do update set seen_at = now()`,
          [[...workerIds]],
        );
      }
      const released = await pgPool.query(
        `update graphile_worker._private_jobs set locked_at = null, locked_by = null
          where locked_by is not null and locked_at < now() - make_interval(secs => $1)
            and locked_by not in (select worker_id from worker_heartbeat where seen_at > now() - make_interval(secs => $1))`,
        [STALE_SECONDS],
      );
      if (released.rowCount) logger.warn('Released jobs of a worker that stopped', { jobs: released.rowCount });
      if (workerIds.size) {
        const stranded = await pgPool.query(
          `update graphile_worker._private_jobs set locked_at = null, locked_by = null
            where locked_by = any($1::text[]) and not (id::text = any($2::text[]))
              and locked_at < now() - make_interval(secs => $3)`,
          [[...workerIds], [...running], STRANDED_SECONDS],
        );
        if (stranded.rowCount) logger.warn('Released jobs stranded by a database outage', { jobs: stranded.rowCount });
      }
      await pgPool.query(`delete from worker_heartbeat where seen_at < now() - interval '1 day'`);
    } catch (err) {
      logger.debug('Worker heartbeat skipped', { error: String(err) });
    }
  };
  await beat();
  const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);

  return {
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(restartTimer);
      await runner?.stop().catch((err) => logger.warn('Stopping the job worker', { error: String(err) }));
      if (workerIds.size) {
        // Whatever our workers still hold goes back to the queue for the other instances (or the next start).
        await pgPool
          .query(
            'update graphile_worker._private_jobs set locked_at = null, locked_by = null where locked_by = any($1::text[])',
            [[...workerIds]],
          )
          .catch(() => undefined);
        await pgPool
          .query('delete from worker_heartbeat where worker_id = any($1::text[])', [[...workerIds]])
          .catch(() => undefined);
      }
      await pgPool.end();
    },
  };
}
