import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { startTracing } from '../../server/src/shared/tracing';
import { makeEmail, makeNik } from '../support/factories';
import { individualInput, START } from '../support/flows';
import { createTestDatabase } from '../support/app';
import { gqlOk, waitFor } from '../support/graphql';
import { startServerProcess, type ServerProcess } from '../support/process';

const MAIN = path.resolve(__dirname, '../../dist/server/src/main.js');

/** A stand-in OTLP/HTTP collector: keeps every body posted to /v1/traces. */
async function collector() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => server.close() };
}

describe('OpenTelemetry traces', () => {
  it('are off without OTEL_EXPORTER_OTLP_ENDPOINT: no SDK, spans are no-ops', () => {
    expect(startTracing({})).toBe(false);
    expect(startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
  });

  it('exports HTTP, GraphQL, PostgreSQL and job spans to the endpoint, without personal data or link tokens', async () => {
    const otlp = await collector();
    const db = await createTestDatabase();
    let server: ServerProcess | undefined;
    try {
      // The production build, as `npm start` and the image run it (npm test builds it first): tracing
      // patches the modules as plain CommonJS loads them.
      if (!fs.existsSync(MAIN)) throw new Error('dist/ is missing: run `npm run build` first');
      server = await startServerProcess(
        {
          DATABASE_URL: db.url,
          OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
          OTEL_BSP_SCHEDULE_DELAY: '200',
          SEED_DEMO: 'off',
          SMTP_URL: 'smtp://127.0.0.1:1', // refused: the delivery job runs (and fails) all the same
        },
        [process.execPath, MAIN],
      );
      const email = makeEmail('jejak');
      const nik = makeNik();
      await gqlOk(server.url, START, { input: individualInput({ email, nik }) });
      const secret = 'RahasiaTautan1234567890abcdef';
      await fetch(`${server.url}/verify-registration?id=abc&token=${secret}`);
      const all = await waitFor(
        () => {
          const text = otlp.bodies.join('\n');
          const ok = ['"graphql.parse"', '"pg.query:', '"job deliver_message"', '"/verify-registration"'].every((s) =>
            text.includes(s),
          );
          return ok ? text : undefined;
        },
        'spans exported',
        30_000,
      );
      expect(all).toContain('"hak-akses"'); // service.name
      for (const personal of [email, nik, secret, email.split('@')[0]]) expect(all).not.toContain(personal);
    } finally {
      server?.child.kill('SIGTERM');
      await server?.exited;
      otlp.close();
      await db.drop();
    }
  }, 120_000);
});
