import './tracing-register';
import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config';
import { seedDemoIfEmpty } from './cli/seed';
import { logger } from './shared/logger';
import { withLocalSecrets } from './shared/local-secrets';
import { stopTracing } from './shared/tracing';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(withLocalSecrets(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // A lost database or a failing job must not bring the process down: log and keep serving.
  process.on('unhandledRejection', (err) => logger.error('Unhandled rejection', { error: String(err) }));
  const app = await startApp(config);
  if (config.seedDemo) await seedDemoIfEmpty(app);
  logger.info(`Hak Akses is running`, {
    graphql: `${app.url}/graphql`,
    admin: `${app.url}/admin/`,
    database: config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}/pg`,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    await app.close().catch((e) => logger.error('Shutdown error', { error: String(e) }));
    await stopTracing().catch(() => undefined); // the spans still buffered go out before the exit
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  logger.error('Failed to start', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
