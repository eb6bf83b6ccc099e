import { createHmac } from 'node:crypto';
import { makePhone } from '../support/factories';
import { individualInput, START, staffSession } from '../support/flows';
import { gqlOk, waitFor } from '../support/graphql';
import { useStack } from '../support/stack';
import { STATUS_RECHECK_SECONDS } from '../../server/src/jobs/worker';
import { webhookBody } from '../support/whatsapp-webhook';

const SECRET = 'rahasia-aplikasi-meta';
const VERIFY_TOKEN = 'token-verifikasi-webhook';

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The business number the test server is configured with (WHATSAPP_PHONE_NUMBER_ID). */
const OUR_NUMBER = '1234567890';

function statusBody(id: string, status: string, extra: Record<string, unknown> = {}, phoneNumberId = OUR_NUMBER) {
  return webhookBody(
    { statuses: [{ id, status, timestamp: String(Math.floor(Date.now() / 1000)), ...extra }] },
    phoneNumberId,
  );
}

describe('WhatsApp delivery statuses (Cloud API webhooks)', () => {
  const stack = useStack({
    whatsapp: true,
    env: { WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN },
  });
  const post = (body: string, signature?: string) =>
    fetch(`${stack.app.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      body,
    });

  /** Starts a WhatsApp registration and returns the provider id its code message got. */
  async function sentCode(): Promise<{ providerId: string; phone: string }> {
    const phone = makePhone();
    await gqlOk(stack.app.url, START, { input: individualInput({ channel: 'WHATSAPP', phone, email: undefined }) });
    await stack.wa.waitForMessage(`+62${phone.slice(1)}`);
    const [row] = await waitFor(async () => {
      const rows = await stack.sql(
        `select provider_id from outbox_message where recipient = ? and status = 'SENT' and provider_id is not null`,
        [`+62${phone.slice(1)}`],
      );
      return rows.length ? rows : undefined;
    }, 'message SENT');
    return { providerId: row.provider_id, phone };
  }

  const statusOf = async (providerId: string) =>
    (await stack.sql(`select provider_status, last_error from outbox_message where provider_id = ?`, [providerId]))[0];

  it('answers the subscription check only with the right verify token', async () => {
    const url = (token: string) =>
      `${stack.app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await fetch(url(VERIFY_TOKEN));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(url('salah'))).status).toBe(403);
  });

  it('refuses unsigned and wrongly signed webhooks with 401 and changes nothing', async () => {
    const { providerId } = await sentCode();
    const body = statusBody(providerId, 'delivered');
    expect((await post(body)).status).toBe(401);
    expect((await post(body, sign(body, 'rahasia-lain-sama-panjang'))).status).toBe(401);
    expect((await post(body, 'sha256=abc')).status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    expect((await statusOf(providerId)).provider_status).toBeNull();
  });

  it('moves a message forward SENT → DELIVERED → READ, once per status, never backwards', async () => {
    const { providerId } = await sentCode();
    for (const status of ['sent', 'delivered']) {
      const body = statusBody(providerId, status);
      expect((await post(body, sign(body))).status).toBe(200);
    }
    await waitFor(async () => (await statusOf(providerId)).provider_status === 'DELIVERED', 'DELIVERED');
    const read = statusBody(providerId, 'read');
    await post(read, sign(read));
    await waitFor(async () => (await statusOf(providerId)).provider_status === 'READ', 'READ');
    // Meta retries and reorders: a repeated READ and a late DELIVERED change nothing.
    const late = statusBody(providerId, 'delivered');
    await post(read, sign(read));
    await post(late, sign(late));
    await new Promise((r) => setTimeout(r, 2500));
    expect((await statusOf(providerId)).provider_status).toBe('READ');
    expect(
      await stack.sql(`select status from provider_status_event where provider_id = ? order by status`, [providerId]),
    ).toEqual([{ status: 'DELIVERED' }, { status: 'READ' }, { status: 'SENT' }]);
  });

  it('records a FAILED status with its code and explains it to the officer', async () => {
    const { providerId, phone } = await sentCode();
    const body = statusBody(providerId, 'failed', {
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    });
    expect((await post(body, sign(body))).status).toBe(200);
    await waitFor(async () => (await statusOf(providerId)).provider_status === 'FAILED', 'FAILED');
    expect((await statusOf(providerId)).last_error).toMatch(/131026/);
    const helpdesk = await staffSession(stack.app);
    const r = await gqlOk(
      stack.app.url,
      `query($q: String) { registrations(filter: { q: $q }) { edges { node { messages { providerStatus explanation } } } } }`,
      { q: phone },
      helpdesk.token,
    );
    expect(r.registrations.edges[0].node.messages[0]).toEqual({
      providerStatus: 'FAILED',
      explanation: expect.stringMatching(/tidak terdaftar di WhatsApp/),
    });
  });

  it('takes nothing meant for another business number of the same app', async () => {
    const { providerId } = await sentCode();
    const other = statusBody(providerId, 'delivered', {}, '9876543210');
    const res = await post(other, sign(other));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 0 });
    const ours = statusBody(providerId, 'read');
    expect(await (await post(ours, sign(ours))).json()).toEqual({ received: 1 });
    await waitFor(async () => (await statusOf(providerId)).provider_status === 'READ', 'READ');
    expect(
      await stack.sql(`select status from provider_status_event where provider_id = ? order by status`, [providerId]),
    ).toEqual([{ status: 'READ' }]);
  });

  /** Waits until the webhook's status jobs have all run. */
  const statusJobsDone = () =>
    waitFor(
      async () =>
        (
          await stack.sql(
            `select count(*)::int as n from graphile_worker.jobs
              where task_identifier = 'whatsapp_statuses' and run_at <= now()`,
          )
        )[0].n === 0,
      'status jobs done',
    );

  it('answers 200 to a status for a message it does not know, and ignores it', async () => {
    const changed = `select count(*)::int as n from outbox_message where provider_status is not null`;
    const [before] = await stack.sql(changed);
    const body = statusBody('wamid.tidak-dikenal', 'delivered');
    const res = await post(body, sign(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1 });
    await statusJobsDone();
    expect(await stack.sql(changed)).toEqual([before]);
    // Not taken as seen: the message may simply not have its provider id yet.
    expect(await stack.sql(`select 1 from provider_status_event where provider_id = 'wamid.tidak-dikenal'`)).toEqual(
      [],
    );
  });

  it('applies a status that came before the message had its provider id, without Meta sending it again', async () => {
    const { providerId } = await sentCode();
    const early = `wamid.mendahului-${providerId}`;
    const body = statusBody(early, 'read');
    expect((await post(body, sign(body))).status).toBe(200);
    // The first look found no message with that id: it marked nothing as seen and planned another look.
    await waitFor(
      async () =>
        (
          await stack.sql(
            `select count(*)::int as n from graphile_worker._private_jobs j
               join graphile_worker._private_tasks t on t.id = j.task_id
              where t.identifier = 'whatsapp_statuses' and j.payload->>'round' = '1' and j.payload::text like ?`,
            [`%${early}%`],
          )
        )[0].n === 1,
      'second look planned',
    );
    expect(await stack.sql(`select 1 from provider_status_event where provider_id = ?`, [early])).toEqual([]);
    // The worker saves the provider id only now; the status job looks again by itself.
    await stack.sql(`update outbox_message set provider_id = ? where provider_id = ?`, [early, providerId]);
    await waitFor(
      async () => (await statusOf(early)).provider_status === 'READ',
      `READ within ${STATUS_RECHECK_SECONDS[0]} s`,
      (STATUS_RECHECK_SECONDS[0] + 8) * 1000,
    );
  }, 30_000);

  it('applies a status that came before the message had its provider id once the same status comes again', async () => {
    const { providerId } = await sentCode();
    const early = `wamid.terlalu-cepat-${providerId}`;
    const body = statusBody(early, 'delivered');
    expect((await post(body, sign(body))).status).toBe(200);
    await statusJobsDone();
    // Only Meta's repeat may apply it here: the job's own later looks are taken away.
    await stack.sql(
      `delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
        where t.id = j.task_id and t.identifier = 'whatsapp_statuses' and j.payload::text like ?`,
      [`%${early}%`],
    );
    // The worker saves the provider id only now (the gateway's answer came after Meta's webhook).
    await stack.sql(`update outbox_message set provider_id = ? where provider_id = ?`, [early, providerId]);
    expect((await statusOf(early)).provider_status).toBeNull();
    expect((await post(body, sign(body))).status).toBe(200);
    await waitFor(async () => (await statusOf(early)).provider_status === 'DELIVERED', 'DELIVERED on retry');
    expect(await stack.sql(`select status from provider_status_event where provider_id = ?`, [early])).toEqual([
      { status: 'DELIVERED' },
    ]);
  });
});
