import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import { GraphQLError, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Services } from './composition';
import type { ReadReplicas, ReplicaHealth } from './db/read-replicas';
import type { Telemetry } from './shared/telemetry';
import type { Context } from './graphql/context';
import { refuseLimitedSession } from './shared/limited-session';
import { QUERY_LIMITS } from './graphql/limits';
import { RequestPipeline } from './graphql/pipeline';
import { startWebSocket } from './graphql/ws';
import { withoutHint } from './graphql/messages';
import { AppError, formatError } from './shared/errors';
import { logger, setLogScope, withLogScope } from './shared/logger';
import type { Config } from './config';
import { projectRoot } from './shared/paths';
import { consoleFiles } from './static-files';
import { whatsappWebhook } from './modules/messaging/whatsapp-webhook';
import { ikmPages } from './modules/complaint/ikm-page';
import { TRACKING_PATH, trackingPages } from './modules/complaint/tracking-page';
import { dataExportPage } from './modules/data-rights/data-export-page';
import { complaintMediaRoute, MEDIA_PATH } from './modules/complaint/media-route';

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
  config: Pick<Config, 'port' | 'trustProxy' | 'production' | 'sessionRecheckSeconds' | 'whatsappWebhook'>,
  schema: GraphQLSchema,
  orm: MikroORM,
  services: Services,
): Promise<HttpServer> {
  const app = express();
  // Client addresses feed the per-IP limits: X-Forwarded-For counts only from proxies named in TRUST_PROXY.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // The link pages and the interim console are small static pages with inline scripts and styles.
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // blob: for a complaint's image attachment the console fetched with the staff token (shown in an <img>).
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          // The ALTCHA captcha widget solves its proof-of-work in workers it starts from blob: URLs.
          workerSrc: ["'self'", 'blob:'],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const { telemetry } = services;
  app.use((req, res, next) => {
    // Every line logged for this request carries its id (and, once known, the principal kind and operation).
    withLogScope({ requestId: randomUUID() }, () => countRequest(req, res, next));
  });
  const countRequest = (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const end = telemetry.httpDuration.startTimer();
    res.on('finish', () => {
      // Labels from a fixed set only: a path a client invents must not become a new time series.
      const route = routeLabel(req.path);
      end({ route });
      telemetry.httpRequests.inc({ method: methodLabel(req.method), route, status: String(res.statusCode) });
    });
    next();
  };
  registerDatabaseGauges(telemetry, orm, services.reads);
  const httpServer = http.createServer(app);

  const pipeline = new RequestPipeline(orm, services, services.audit, services.reads);
  const limits = pipeline.limits;
  const ws = startWebSocket(httpServer, schema, pipeline, services.events, config.sessionRecheckSeconds, (req) =>
    clientAddress(req, app.get('trust proxy fn')),
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: true,
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: false,
    // No automatic persisted queries: an unknown hash is the caller's mistake (VALIDATION_FAILED), and
    // anonymous callers cannot fill a server-side cache.
    persistedQueries: false,
    // main.ts owns shutdown (every component in reverse order); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ...limits.plugins,
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
              // Names from the schema only: the client's operation name is free text.
              setLogScope({ operation: `${type} ${field}` });
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
        // In production, anonymous callers get neither the schema nor "did you mean" hints.
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, document }) {
              if (config.production && contextValue.actor.kind === 'ANONYMOUS' && asksForSchema(document)) {
                throw refusal(new AppError('FORBIDDEN', 'Introspeksi skema hanya untuk staf dan kunci API.'));
              }
              // Nor does a session limited to one step (its schema fields are not resolvers the guard sees).
              if (asksForSchema(document)) refuseLimitedSession(contextValue.actor, '__schema');
            },
            async willSendResponse({ contextValue, response }) {
              if (!config.production || contextValue.actor.kind !== 'ANONYMOUS' || response.body.kind !== 'single')
                return;
              const r = response.body.singleResult;
              if (r.errors) {
                r.errors = r.errors.map((e) => ({ ...e, message: withoutHint(e.message) }));
              }
            },
          };
        },
      },
      {
        // The pipeline's admission step (API_CALL audit), as for WebSocket operations.
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation }) {
              await pipeline.admit(contextValue, operation).catch((err) => {
                throw refusal(err);
              });
            },
            async willSendResponse({ contextValue }) {
              pipeline.finish(contextValue);
            },
          };
        },
      },
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await ws.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Load balancers and operators: 200 when the database takes a write and the event listener is connected.
  // Answers within HEALTH_DEADLINE_MS even when PostgreSQL hangs.
  // With read replicas, each one's state too: a replica down does not make this instance unfit (its reads
  // fall back to the primary), so it shows in `replicas` without changing the status.
  app.get('/healthz', async (_req, res) => {
    const [database, replicas] = await Promise.all([databaseHealth(orm), services.reads.health()]);
    const listener = services.events.listening ? 'ok' : 'reconnecting';
    const ok = database === 'ok' && listener === 'ok';
    res
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ok' : 'degraded', database, listener, ...(replicas.length ? { replicas } : {}) });
  });
  app.use('/webhooks/whatsapp', whatsappWebhook(config.whatsappWebhook, orm));
  app.use(
    '/graphql',
    express.json({ limit: QUERY_LIMITS.maxPayloadBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const em = orm.em.fork();
        const actor = await pipeline.principal(em, req.headers.authorization, 'HTTP');
        setLogScope({ principal: actor.kind });
        return pipeline.context(actor, req.ip ?? null, em);
      },
    }),
  );
  // Prometheus scrapes with a bearer API key holding metrics:read.
  app.get('/metrics', async (req, res) => {
    const actor = await pipeline.principal(orm.em.fork(), req.headers.authorization, 'HTTP');
    if (actor.kind === 'ANONYMOUS') {
      res.status(401).json({ error: 'UNAUTHENTICATED', message: 'Kirim kunci API dengan cakupan metrics:read.' });
    } else if (actor.kind !== 'API_KEY' || !actor.scopes.includes('metrics:read')) {
      res.status(403).json({ error: 'FORBIDDEN', message: 'Kunci API ini tidak memiliki cakupan metrics:read.' });
    } else {
      res.type(telemetry.registry.contentType).send(await telemetry.registry.metrics());
    }
  });
  // The react-admin console once built (npm install builds it); the interim page otherwise. Compressed and cached.
  const consoleDir = path.join(projectRoot(), 'admin-ui/dist');
  app.use(
    '/admin',
    consoleFiles(
      fs.existsSync(path.join(consoleDir, 'index.html')) ? consoleDir : path.join(projectRoot(), 'admin-ui/public'),
    ),
  );
  // Pages behind the links in password-reset and email-change messages.
  const pages = path.join(projectRoot(), 'server/public');
  app.get('/reset-password', (_req, res) => res.sendFile(path.join(pages, 'reset-password.html')));
  app.get('/survey', (_req, res) => res.sendFile(path.join(pages, 'survey.html')));
  // The published IKM (no login): aggregates per finished semester.
  app.use(ikmPages(services.skm, orm));
  // Reporters follow their complaint (no login): number + contact, captcha, rate limits.
  app.use(trackingPages(services.complaintTracking, orm));
  // Attachments of inbound WhatsApp messages, fetched from the Cloud API when an officer opens one.
  app.use(
    complaintMediaRoute(
      services.complaintMedia,
      orm,
      (em, authorization) => pipeline.principal(em, authorization, 'HTTP'),
      (actor, ip, em) => pipeline.context(actor, ip, em),
    ),
  );
  // The one-time link of an access export (UU PDP): the applicant's data, once.
  app.use(dataExportPage(services.dataExports, orm));
  app.get(['/confirm-email', '/verify-registration'], (_req, res) =>
    res.sendFile(path.join(pages, 'link-action.html')),
  );
  // The ALTCHA captcha widget (<altcha-widget>, all languages) for pages that ask for a captcha.
  app.get('/altcha.js', (_req, res) =>
    res.sendFile(path.join(projectRoot(), 'node_modules/altcha/dist/main/altcha.i18n.min.js')),
  );
  app.get('/', (_req, res) => res.redirect('/admin/'));

  app.use(jsonErrors);

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, () => resolve());
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

/** The paths the server serves, as metric labels; anything else is `other`. */
const ROUTES = [
  '/graphql',
  '/webhooks/whatsapp',
  '/healthz',
  '/metrics',
  '/reset-password',
  '/survey',
  '/ikm',
  '/ikm.json',
  TRACKING_PATH,
  `${TRACKING_PATH}.json`,
  '/data-export',
  '/confirm-email',
  '/verify-registration',
];
const METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

export function routeLabel(path: string): string {
  if (path === '/') return '/';
  if (path === '/admin' || path.startsWith('/admin/')) return '/admin';
  if (path.startsWith(`${MEDIA_PATH}/`)) return MEDIA_PATH;
  return ROUTES.includes(path) ? path : 'other';
}

const methodLabel = (m: string) => (METHODS.has(m) ? m : 'other');

const HEALTH_DEADLINE_MS = 1500;

/**
 * `ok` when PostgreSQL takes a write (a row in health_probe: a read-only or
 * full database is not healthy), `read_only` when it refuses one,
 * `timeout` when it does not answer within the deadline, `unavailable` otherwise.
 */
async function databaseHealth(orm: MikroORM): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), HEALTH_DEADLINE_MS);
  });
  const probe = orm.em
    .fork()
    .getConnection()
    .execute(`insert into health_probe (id, at) values (1, now()) on conflict (id) do update set at = excluded.at`)
    .then(
      () => 'ok',
      (err: { code?: string }) => (err?.code === '25006' ? 'read_only' : 'unavailable'),
    );
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Outbox queue depth (unsent messages) and ORM pool use, read at scrape time. */
function registerDatabaseGauges(telemetry: Telemetry, orm: MikroORM, reads: ReadReplicas): void {
  if (reads.configured) {
    // One probe per scrape serves both gauges.
    let last: Promise<ReplicaHealth[]> | undefined;
    const probe = () => (last ??= reads.health().finally(() => setTimeout(() => (last = undefined), 1000).unref()));
    telemetry.gauge(
      'hak_akses_db_replica_up',
      'Read replicas: 1 while one answers as a standby, 0 while its reads go to the primary.',
      ['replica'],
      async (g) => {
        for (const r of await probe()) g.set({ replica: r.name }, r.ok ? 1 : 0);
      },
    );
    telemetry.gauge(
      'hak_akses_db_replica_lag_seconds',
      'How far each answering read replica is behind in replaying what it received.',
      ['replica'],
      async (g) => {
        g.reset();
        for (const r of await probe()) if (r.lagSeconds !== null) g.set({ replica: r.name }, r.lagSeconds);
      },
    );
  }
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
  telemetry.gauge(
    'hak_akses_legacy_accounts',
    'Imported OSS 1.1 accounts by state (pending, claimed, removed).',
    ['state'],
    async (g) => {
      const [r] = await orm.em.fork().execute<{ pending: number; claimed: number; removed: number }[]>(
        `select count(*) filter (where claimed_at is null and removed_at is null)::int as pending,
                  count(claimed_at)::int as claimed, count(removed_at)::int as removed from legacy_account`,
      );
      for (const state of ['pending', 'claimed', 'removed'] as const) g.set({ state }, r[state]);
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

function asksForSchema(doc: DocumentNode): boolean {
  let found = false;
  visit(doc, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

/**
 * Errors before GraphQL (a body too large, bad JSON, a wrong charset) and
 * anything unexpected answer JSON in the GraphQL error shape: never an HTML
 * page, a stack trace or a path.
 */
const jsonErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  const type = (err as { type?: string }).type;
  const known: Record<string, [number, string]> = {
    'entity.too.large': [413, 'Permintaan terlalu besar.'],
    'entity.parse.failed': [400, 'Badan permintaan bukan JSON yang valid.'],
    'charset.unsupported': [415, 'Gunakan charset UTF-8.'],
    'encoding.unsupported': [415, 'Encoding permintaan tidak didukung.'],
    'request.aborted': [400, 'Permintaan terputus.'],
  };
  const hit = type ? known[type] : undefined;
  if (hit) {
    res.status(hit[0]).json({ errors: [{ message: hit[1], extensions: { code: 'VALIDATION_FAILED', fields: {} } }] });
    return;
  }
  const errorId = randomUUID();
  logger.error('Unexpected HTTP error', {
    errorId,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  res.status(500).json({
    errors: [
      {
        message: `Terjadi kesalahan pada server. (kode insiden: ${errorId})`,
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
      },
    ],
  });
};

const REFUSAL_STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/**
 * An operation refused before it runs (by a plugin: introspection for
 * anonymous callers, the pipeline's admission) answers with a 4xx status
 * (401, 403, else 400):
 * Apollo answers 500 for an error thrown there unless it names a status. The
 * body is the same coded error as anywhere else (formatError reads the
 * original); anything that is not a refusal stays an unexpected error.
 */
function refusal(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  return new GraphQLError(err.message, {
    originalError: err,
    extensions: { ...err.extensions, http: { status: REFUSAL_STATUS[err.code] ?? 400 } },
  });
}

/**
 * The client's address of a request that does not pass through Express (the
 * WebSocket upgrade), by Express's own rule: walk from the socket's peer back
 * through X-Forwarded-For while the hop is a trusted proxy; the first hop that
 * is not one is the client.
 */
export function clientAddress(
  req: http.IncomingMessage,
  trusted: (address: string, hop: number) => boolean,
): string | null {
  const peer = req.socket.remoteAddress;
  if (!peer) return null;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .reverse();
  const hops = [peer, ...forwarded];
  let i = 0;
  while (i < hops.length - 1 && trusted(hops[i], i)) i++;
  return hops[i];
}
