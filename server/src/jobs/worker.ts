import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger, run, Runner, TaskList } from 'graphile-worker';
import { Pool } from 'pg';
import { logger } from '../shared/logger';
import type { Services } from '../services';
import { DELIVER_TASK } from '../modules/messaging';

const graphileLogger = new Logger(() => (level, message) => {
  if (level === 'error') logger.error(`worker: ${message}`);
  else if (level === 'warning') logger.warn(`worker: ${message}`);
  else logger.debug(`worker: ${message}`);
});

/**
 * The PostgreSQL job queue (graphile-worker): outbox delivery now, scheduled
 * sweeps later. Jobs are added with `graphile_worker.add_job` inside the
 * transaction that causes them.
 */
export async function startWorker(databaseUrl: string, orm: MikroORM, services: Services): Promise<{ stop(): Promise<void> }> {
  const pgPool = new Pool({ connectionString: databaseUrl, max: 4 });
  pgPool.on('error', (err) => logger.warn('worker pool error', { error: err.message }));
  pgPool.on('connect', (client) => client.on('error', (err) => logger.warn('worker client error', { error: err.message })));
  const taskList: TaskList = {
    [DELIVER_TASK]: services.outbox.deliverTask(orm),
  };
  const runner: Runner = await run({
    pgPool,
    concurrency: 4,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: graphileLogger,
    taskList,
  });
  return {
    async stop() {
      await runner.stop();
      await pgPool.end();
    },
  };
}
