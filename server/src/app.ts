import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Config } from './config';
import { resolveDatabase } from './db/database';
import { initOrm } from './db/orm';
import type { Context, Principal } from './graphql/context';
import { EventBus } from './graphql/events';
import { createSchema } from './graphql/schema';
import { startWorker } from './jobs/worker';
import { createServices, Services } from './services';
import { formatError } from './shared/errors';
import { logger, setLogLevel } from './shared/logger';
import { projectRoot } from './shared/paths';

export interface RunningApp {
  url: string;
  port: number;
  databaseUrl: string;
  orm: MikroORM;
  services: Services;
  close(): Promise<void>;
}

/**
 * Boots one instance: database (embedded unless DATABASE_URL), migrations,
 * job worker, and one HTTP server for /graphql (HTTP + graphql-ws), /healthz
 * and /admin. Any number of instances can share one PostgreSQL.
 */
export async function startApp(config: Config): Promise<RunningApp> {
  setLogLevel(config.logLevel);
  if (!config.captcha) logger.warn('CAPTCHA=off: public operations accept requests without a captcha (test environments only).');
  const db = await resolveDatabase(config);
  const orm = await initOrm(db.url);
  const events = new EventBus(db.url);
  await events.start();
  const services = createServices(config, events);
  const worker = await startWorker(db.url, orm, services);
  const schema = await createSchema(events.pubSub);

  const app = express();
  app.set('trust proxy', 'loopback');
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  type Extra = { principal?: Principal; request: http.IncomingMessage };
  const wsCleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      // Subscriptions are for staff and tools: a missing or bad token closes the socket (4403).
      onConnect: async (ctx) => {
        const auth = ctx.connectionParams?.authorization;
        const principal = await services.sessions.resolve(orm.em.fork(), typeof auth === 'string' ? auth : undefined);
        if (principal.kind === 'ANONYMOUS') return false;
        ctx.extra.principal = principal;
        return true;
      },
      context: (ctx): Context => ({
        em: orm.em.fork(),
        principal: ctx.extra.principal ?? { kind: 'ANONYMOUS' },
        ip: ctx.extra.request.socket.remoteAddress ?? null,
        services,
      }),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    try {
      await orm.em.fork().getConnection().execute('select 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const em = orm.em.fork();
        return { em, principal: await services.sessions.resolve(em, req.headers.authorization), ip: req.ip ?? null, services };
      },
    }),
  );
  app.use('/admin', express.static(path.join(projectRoot(), 'admin-ui/public')));
  // Pages behind the links in password-reset and email-change messages.
  const pages = path.join(projectRoot(), 'server/public');
  app.get('/reset-password', (_req, res) => res.sendFile(path.join(pages, 'reset-password.html')));
  app.get(['/confirm-email', '/verify-registration'], (_req, res) => res.sendFile(path.join(pages, 'link-action.html')));
  app.get('/', (_req, res) => res.redirect('/admin/'));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  let closed = false;
  return {
    url,
    port,
    databaseUrl: db.url,
    orm,
    services,
    async close() {
      if (closed) return;
      closed = true;
      await apollo.stop();
      await worker.stop();
      await events.stop();
      await orm.close(true);
      await db.stop();
    },
  };
}
