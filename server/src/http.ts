import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Services } from './composition';
import type { Telemetry } from './shared/telemetry';
import { actorFor, Context, contextFor } from './graphql/context';
import { formatError } from './shared/errors';
import { projectRoot } from './shared/paths';
import type { Actor } from './shared/request-context';

export interface HttpServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * One HTTP server: /graphql over HTTP and WebSocket (graphql-ws), /healthz,
 * /admin and the pages behind message links. Both GraphQL paths build the same
 * request context and format errors the same way.
 */
export async function startHttp(
  port: number,
  schema: GraphQLSchema,
  orm: MikroORM,
  services: Services,
): Promise<HttpServer> {
  const app = express();
  app.set('trust proxy', 'loopback');
  const { telemetry } = services;
  app.use((req, res, next) => {
    const end = telemetry.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.path.startsWith('/admin') ? '/admin' : req.path.split('/').slice(0, 2).join('/') || '/';
      end({ route });
      telemetry.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });
  registerDatabaseGauges(telemetry, orm);
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  type Extra = { actor?: Actor; request: http.IncomingMessage };
  const wsCleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      // Subscriptions are for staff and tools: a missing or bad token closes the socket (4403).
      onConnect: async (ctx) => {
        const auth = ctx.connectionParams?.authorization;
        const actor = await actorFor(orm.em.fork(), services, typeof auth === 'string' ? auth : undefined);
        if (actor.kind === 'ANONYMOUS') return false;
        ctx.extra.actor = actor;
        return true;
      },
      context: (ctx): Context =>
        contextFor(
          orm.em.fork(),
          ctx.extra.actor ?? { kind: 'ANONYMOUS' },
          ctx.extra.request.socket.remoteAddress ?? null,
        ),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async requestDidStart() {
          const end = telemetry.graphqlDuration.startTimer();
          let field = 'unknown';
          let type = 'unknown';
          return {
            async didResolveOperation({ operation }) {
              type = operation?.operation ?? 'unknown';
              const first = operation?.selectionSet.selections[0];
              field = first?.kind === 'Field' ? first.name.value : 'unknown';
            },
            async willSendResponse({ response }) {
              end({ field });
              const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
              const outcome = errors?.length ? String(errors[0].extensions?.code ?? 'ERROR') : 'ok';
              telemetry.graphqlOperations.inc({ field, type, outcome });
            },
          };
        },
      },
      {
        // Other tools' calls are attributable: one audit row per API-key operation.
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation }) {
              if (contextValue.actor.kind !== 'API_KEY' || !operation) return;
              const fields = operation.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : s.kind));
              services.audit.record(contextValue, contextValue.em, {
                action: 'API_CALL',
                details: { operation: operation.operation, fields },
              });
              await contextValue.em.flush();
            },
          };
        },
      },
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
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
      context: async ({ req }) => {
        const em = orm.em.fork();
        return contextFor(em, await actorFor(em, services, req.headers.authorization), req.ip ?? null);
      },
    }),
  );
  // Prometheus scrapes with a bearer API key holding metrics:read.
  app.get('/metrics', async (req, res) => {
    const actor = await actorFor(orm.em.fork(), services, req.headers.authorization);
    if (actor.kind === 'ANONYMOUS') {
      res.status(401).json({ error: 'UNAUTHENTICATED', message: 'Kirim kunci API dengan cakupan metrics:read.' });
    } else if (actor.kind !== 'API_KEY' || !actor.scopes.includes('metrics:read')) {
      res.status(403).json({ error: 'FORBIDDEN', message: 'Kunci API ini tidak memiliki cakupan metrics:read.' });
    } else {
      res.type(telemetry.registry.contentType).send(await telemetry.registry.metrics());
    }
  });
  app.use('/admin', express.static(path.join(projectRoot(), 'admin-ui/public')));
  // Pages behind the links in password-reset and email-change messages.
  const pages = path.join(projectRoot(), 'server/public');
  app.get('/reset-password', (_req, res) => res.sendFile(path.join(pages, 'reset-password.html')));
  app.get('/survey', (_req, res) => res.sendFile(path.join(pages, 'survey.html')));
  app.get(['/confirm-email', '/verify-registration'], (_req, res) =>
    res.sendFile(path.join(pages, 'link-action.html')),
  );
  app.get('/', (_req, res) => res.redirect('/admin/'));

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, () => resolve());
    });
  } catch (err) {
    await apollo.stop();
    throw err;
  }
  return {
    port: (httpServer.address() as AddressInfo).port,
    stop: () => apollo.stop(),
  };
}

/** Outbox queue depth (unsent messages) and ORM pool use, read at scrape time. */
function registerDatabaseGauges(telemetry: Telemetry, orm: MikroORM): void {
  telemetry.gauge(
    'hak_akses_outbox_messages',
    'Unsent outbox messages by status and channel.',
    ['status', 'channel'],
    async (g) => {
      g.reset();
      const rows = await orm.em
        .fork()
        .execute<{ status: string; channel: string; n: string }[]>(
          `select status, channel, count(*) as n from outbox_message where status <> 'SENT' group by 1, 2`,
        );
      for (const r of rows) g.set({ status: r.status, channel: r.channel }, Number(r.n));
    },
  );
  telemetry.gauge('hak_akses_db_pool_connections', 'ORM connection pool by state.', ['state'], async (g) => {
    const pool = (orm.em.getConnection().getKnex().client as { pool?: Record<string, () => number> }).pool;
    if (!pool) return;
    g.set({ state: 'used' }, pool.numUsed());
    g.set({ state: 'free' }, pool.numFree());
    g.set({ state: 'pending' }, pool.numPendingAcquires());
  });
}
