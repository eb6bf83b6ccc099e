import type { IncomingMessage } from 'node:http';
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { sqlShape } from '../domain/redact';

/**
 * OpenTelemetry traces, exported only when the standard
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set (OTLP over HTTP, JSON; the exporter
 * reads the endpoint and `OTEL_EXPORTER_OTLP_HEADERS` itself, and
 * `OTEL_SERVICE_NAME` names the service, default `hak-akses`). Unset, no SDK
 * is loaded and every span is the API's no-op.
 *
 * Spans: incoming HTTP requests (`/healthz` left out), GraphQL parse,
 * validate and execute (resolvers below the root are not traced), each
 * PostgreSQL query, and each job (`job <name>`). No personal data: the URL
 * is recorded without its query string (links carry tokens), SQL only as its
 * shape (values become `?`), GraphQL without argument values.
 *
 * Must run before the modules it traces are loaded: main.ts imports
 * `tracing-register.ts` first.
 */
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider || !env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return false;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeTracerProvider, BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const tracer = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'hak-akses' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  tracer.register();
  const instrumentations = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => (req.url ?? '').startsWith('/healthz'),
      requestHook: (span, req) => {
        if (!('headers' in req) || !('url' in req)) return;
        const pathOnly = ((req as IncomingMessage).url ?? '').split('?')[0];
        span.setAttributes({ 'http.target': pathOnly, 'url.path': pathOnly, 'url.query': '', 'http.url': pathOnly });
      },
    }),
    new PgInstrumentation({
      enhancedDatabaseReporting: false,
      requestHook: (span, info) => {
        const shape = sqlShape(info.query.text);
        span.setAttributes({ 'db.statement': shape, 'db.query.text': shape });
      },
    }),
    new GraphQLInstrumentation({ allowValues: false, mergeItems: true, depth: 1, ignoreTrivialResolveSpans: true }),
  ];
  for (const i of instrumentations) {
    i.setTracerProvider(tracer);
    i.enable();
  }
  provider = tracer;
  return true;
}

/** Sends what is buffered and stops (shutdown). */
export async function stopTracing(): Promise<void> {
  const p = provider;
  provider = undefined;
  await p?.shutdown();
}

/** Runs `work` as one span (a job); a no-op span when tracing is off. */
export function traced<T>(
  name: string,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  return trace.getTracer('hak-akses').startActiveSpan(name, { attributes }, async (span: Span) => {
    try {
      return await work();
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}
