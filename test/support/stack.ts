import type { MikroORM } from '@mikro-orm/postgresql';
import type { RunningApp } from '../../server/src/app';
import { connectOrm } from '../../server/src/db/orm';
import type { Clock } from '../../server/src/shared/clock';
import { startTestApp } from './app';
import { startSmtpReceiver, startWhatsAppReceiver } from './receivers';

export type TestApp = RunningApp & { dropDatabase(): Promise<void> };
export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;
export type WhatsAppReceiver = Awaited<ReturnType<typeof startWhatsAppReceiver>>;

export interface Stack {
  app: TestApp;
  smtp: SmtpReceiver;
  wa: WhatsAppReceiver;
  /**
   * Raw SQL on the test database, for arranging time (expiry), faults and checking rows. It runs as the
   * database owner, as an operator would, not as the server's own role (docs/architecture.md, "Database roles").
   */
  sql(query: string, params?: unknown[]): Promise<any[]>;
}

/**
 * Registers beforeAll/afterAll hooks that start a real SMTP server, a
 * WhatsApp receiver (optional) and a server instance on a fresh database.
 * The returned object is filled in once beforeAll has run.
 */
export function useStack(
  opts: { whatsapp?: boolean; smtp?: boolean; captcha?: boolean; env?: Record<string, string>; clock?: Clock } = {},
): Stack {
  let owner: Promise<MikroORM> | undefined;
  const stack = {
    sql: async (q: string, params: unknown[] = []) => {
      owner ??= connectOrm(stack.app.databaseUrl);
      return (await owner).em.fork().execute(q, params);
    },
  } as Stack;
  beforeAll(async () => {
    stack.smtp = await startSmtpReceiver();
    if (opts.whatsapp) stack.wa = await startWhatsAppReceiver();
    stack.app = await startTestApp({
      smtpUrl: opts.smtp === false ? undefined : stack.smtp.url,
      whatsappUrl: stack.wa?.url,
      captcha: opts.captcha,
      env: opts.env,
      clock: opts.clock,
    });
  });
  afterAll(async () => {
    await (await owner)?.close(true);
    await stack.app?.close();
    await stack.app?.dropDatabase();
    await stack.smtp?.close();
    await stack.wa?.close();
  });
  return stack;
}
