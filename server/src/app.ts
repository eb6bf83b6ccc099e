import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import { createServices, resolverContainer, Services } from './composition';
import { resolveDatabase } from './db/database';
import { EventBus } from './db/event-bus';
import { connectOrm, migrateDatabase } from './db/orm';
import { createSchema } from './graphql/schema';
import { startHttp } from './http';
import { startWorker } from './jobs/worker';
import { startMailIngress } from './modules/complaint/mail-ingress';
import { Clock, systemClock } from './shared/clock';
import { logger, setLogLevel } from './shared/logger';

export interface RunningApp {
  url: string;
  port: number;
  /** The owner's URL (migrations, operator tools). */
  databaseUrl: string;
  /** The application role's URL: what the server's requests, events and jobs connect with. */
  appDatabaseUrl: string;
  orm: MikroORM;
  services: Services;
  /** The helpdesk mailbox's SMTP ingress port, when INBOUND_SMTP_PORT is set. */
  mailPort: number | null;
  close(): Promise<void>;
}

/** Started parts of the process, stopped in reverse order (on shutdown, or when a later part fails to start). */
class Components {
  private readonly started: { name: string; stop: () => Promise<void> }[] = [];

  async start<T>(name: string, start: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T> {
    const value = await start();
    this.started.push({ name, stop: () => stop(value) });
    return value;
  }

  async stopAll(): Promise<void> {
    for (let c = this.started.pop(); c; c = this.started.pop()) {
      logger.debug(`Stopping ${c.name}`);
      await c.stop().catch((err) => logger.error(`Stopping ${c!.name} failed`, { error: String(err) }));
    }
  }
}

/**
 * Boots one instance: database (embedded unless DATABASE_URL), migrations and
 * the application role (as the owner), then, as the application role, ORM,
 * event bus, job worker, the helpdesk mailbox's SMTP ingress (when
 * configured) and the HTTP server. Any number of instances can
 * share one PostgreSQL.
 */
export async function startApp(config: Config, clock: Clock = systemClock): Promise<RunningApp> {
  setLogLevel(config.logLevel);
  if (!config.captcha) {
    logger.warn('CAPTCHA=off: public operations accept requests without a captcha (test environments only).');
  } else if (!config.captchaPow.hmacKey) {
    logger.warn('CAPTCHA_HMAC_KEY unset: captchas are signed with a random key of this process (one instance only).');
  }
  if (!config.codeKeys) {
    logger.warn(
      'CODE_HMAC_KEYS unset: verification codes are signed with a random key of this process (one instance only).',
    );
  }
  const components = new Components();
  try {
    const db = await components.start(
      'database',
      () => resolveDatabase(config),
      (d) => d.stop(),
    );
    const appUrl = await migrateDatabase(db.url, { appDatabaseUrl: config.appDatabaseUrl });
    const orm = await components.start(
      'ORM',
      () => connectOrm(appUrl, config.replicas.urls),
      (o) => o.close(true),
    );
    const events = await components.start(
      'event bus',
      async () => {
        const bus = new EventBus(appUrl);
        await bus.start();
        return bus;
      },
      (bus) => bus.stop(),
    );
    const services = await components.start(
      'services',
      async () => {
        const s = createServices(config, events, clock);
        s.reads.attach(orm);
        return s;
      },
      async (s) => s.outbox.closeTransports(),
    );
    await components.start(
      'job worker',
      () => startWorker(appUrl, orm, services, { retentionDays: config.retentionDays }),
      (w) => w.stop(),
    );
    const ingress = config.mailIngress;
    const mail = ingress
      ? await components.start(
          'mail ingress',
          () => startMailIngress(ingress, services.complaints, orm),
          (m) => m.stop(),
        )
      : null;
    if (config.releaseHeldOnStart) await services.outbox.releaseHeld(orm.em.fork());
    const schema = await createSchema(events.pubSub, resolverContainer(services));
    const http = await components.start(
      'HTTP server',
      () => startHttp(config, schema, orm, services),
      (h) => h.stop(),
    );
    let closed = false;
    return {
      url: `http://localhost:${http.port}`,
      port: http.port,
      databaseUrl: db.url,
      appDatabaseUrl: appUrl,
      orm,
      services,
      mailPort: mail?.port ?? null,
      async close() {
        if (closed) return;
        closed = true;
        await components.stopAll();
      },
    };
  } catch (err) {
    await components.stopAll();
    throw err;
  }
}
