import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger, run, Runner, TaskList } from 'graphile-worker';
import { Pool } from 'pg';
import { logger } from '../shared/logger';
import type { Services } from '../composition';
import { DELIVER_TASK } from '../modules/messaging';

/** Unfinished registration flows (24 h) and unconfirmed email changes (72 h). */
export const EXPIRE_STALE_TASK = 'expire_stale';
/** The 30-day rule: warnings 7 days and 1 day before expiry, cancellation at it. */
export const EXPIRY_SWEEP_TASK = 'expiry_sweep';

const graphileLogger = new Logger(() => (level, message) => {
  // A failed delivery attempt is retried and already logged by the task itself.
  if (level === 'error' && !message.startsWith('Failed task')) logger.error(`worker: ${message}`);
  else if (level === 'error') logger.warn(`worker: ${message.split('\n')[0]}`);
  else if (level === 'warning') logger.warn(`worker: ${message}`);
  else logger.debug(`worker: ${message}`);
});

/**
 * The PostgreSQL job queue (graphile-worker): outbox delivery now, scheduled
 * sweeps later. Jobs are added with `graphile_worker.add_job` inside the
 * transaction that causes them.
 */
export async function startWorker(
  databaseUrl: string,
  orm: MikroORM,
  services: Services,
): Promise<{ stop(): Promise<void> }> {
  const pgPool = new Pool({ connectionString: databaseUrl, max: 4 });
  pgPool.on('error', (err) => logger.warn('worker pool error', { error: err.message }));
  pgPool.on('connect', (client) =>
    client.on('error', (err) => logger.warn('worker client error', { error: err.message })),
  );
  const taskList: TaskList = {
    [EXPIRY_SWEEP_TASK]: async () => {
      const r = await services.accountExpiry.sweep(orm.em.fork());
      services.telemetry.sweepRuns.inc();
      services.telemetry.sweepCancelled.inc(r.cancelled);
      await services.complaints.remindOverdue(orm.em.fork());
    },
    [DELIVER_TASK]: services.outbox.deliverTask(orm),
    [EXPIRE_STALE_TASK]: async () => {
      const flows = await services.registrations.expireStale(orm.em.fork());
      const emailChanges = await services.emailChanges.expireStale(orm.em.fork());
      if (flows + emailChanges > 0)
        logger.info('Expired stale records', { registrationFlows: flows, emailChangeRequests: emailChanges });
    },
  };
  const runner: Runner = await run({
    pgPool,
    concurrency: 4,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: graphileLogger,
    taskList,
    // Stale records hourly at minute 7, the expiry sweep every 15 minutes; a slot missed during
    // downtime runs once on start (backfill 1 h).
    crontab: [`7 * * * * ${EXPIRE_STALE_TASK} ?fill=1h`, `*/15 * * * * ${EXPIRY_SWEEP_TASK} ?fill=1h&max=1`].join('\n'),
  });
  return {
    async stop() {
      await runner.stop();
      await pgPool.end();
    },
  };
}
