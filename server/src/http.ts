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
import { contextFor } from './graphql/context';
import { formatError } from './shared/errors';
import { projectRoot } from './shared/paths';
import type { Actor, RequestContext } from './shared/request-context';

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
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  type Extra = { actor?: Actor; request: http.IncomingMessage };
  const wsCleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      // Subscriptions are for staff and tools: a missing or bad token closes the socket (4403).
      onConnect: async (ctx) => {
        const auth = ctx.connectionParams?.authorization;
        const c = await contextFor(orm.em.fork(), services.sessions, typeof auth === 'string' ? auth : undefined, null);
        if (c.actor.kind === 'ANONYMOUS') return false;
        ctx.extra.actor = c.actor;
        return true;
      },
      context: (ctx): RequestContext => ({
        em: orm.em.fork(),
        actor: ctx.extra.actor ?? { kind: 'ANONYMOUS' },
        ip: ctx.extra.request.socket.remoteAddress ?? null,
        requestId: crypto.randomUUID(),
      }),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
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
      context: ({ req }) => contextFor(orm.em.fork(), services.sessions, req.headers.authorization, req.ip ?? null),
    }),
  );
  app.use('/admin', express.static(path.join(projectRoot(), 'admin-ui/public')));
  // Pages behind the links in password-reset and email-change messages.
  const pages = path.join(projectRoot(), 'server/public');
  app.get('/reset-password', (_req, res) => res.sendFile(path.join(pages, 'reset-password.html')));
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
