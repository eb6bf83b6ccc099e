import { TestClock } from '../support/app';
import { makeEmail } from '../support/factories';
import { staffSession } from '../support/flows';
import { gqlOk, waitFor, wsClient } from '../support/graphql';
import { useStack } from '../support/stack';

const NATIONAL = '00000000-0000-4000-8000-000000000001';
const SUBSCRIBE = 'subscription { complaintUpdated { complaintId number kind status unitId at } }';
const CREATE = `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`;
type Event = { complaintId: string; number: string; kind: string; status: string; unitId: string };

/** complaintUpdated: what a helpdesk console hears, per unit, and what ends the hearing. */
describe('complaints live (complaintUpdated)', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });

  /** Subscribes with a staff token; collects events and how the subscription ended. */
  function listen(token: string) {
    const events: Event[] = [];
    const ended: { value?: unknown } = {};
    const client = wsClient(stack.app.url, token);
    client.subscribe<{ complaintUpdated: Event }>(
      { query: SUBSCRIBE },
      {
        next: (v) => v.data && events.push(v.data.complaintUpdated),
        error: (e) => (ended.value = e),
        complete: () => (ended.value ??= 'complete'),
      },
    );
    return { events, ended, client };
  }

  it("tells every console of new complaints, messages, steps and overdue ones; a regional officer only of their unit's", async () => {
    clock.set(new Date());
    const admin = await staffSession(stack.app, 'ADMIN');
    const { createServiceUnit: kampar } = await gqlOk(
      stack.app.url,
      `mutation { createServiceUnit(name: "DPMPTSP Kabupaten Kampar", regionCode: "1406") { id } }`,
      {},
      admin.token,
    );
    const national = await staffSession(stack.app);
    const regional = await staffSession(stack.app);
    await gqlOk(
      stack.app.url,
      `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`,
      { s: regional.id, u: kampar.id },
      admin.token,
    );
    const all = listen(national.token);
    const own = listen(regional.token);
    await new Promise((r) => setTimeout(r, 500)); // both subscribed

    const base = { channel: 'PHONE', category: 'OTHER', description: 'Kode tidak masuk', reporterName: 'Sari' };
    const pusat = (await gqlOk(stack.app.url, CREATE, { i: base }, national.token)).createComplaint;
    const daerah = (await gqlOk(stack.app.url, CREATE, { i: { ...base, unitId: kampar.id } }, national.token))
      .createComplaint;
    await gqlOk(
      stack.app.url,
      `mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }`,
      { id: daerah.id, s: regional.id },
      regional.token,
    );
    // A reporter writes (the mailbox's path, without the SMTP hop).
    await stack.app.services.complaints.receiveEmail(stack.app.orm.em.fork(), {
      messageId: 'live-1@x.id',
      from: makeEmail('live'),
      subject: `[${daerah.number}]`,
      text: 'Ada kabar?',
      references: [],
      date: null,
      authenticated: true,
    });
    // Both past their due time: one reminder each, audited.
    clock.set(new Date(Date.now() + 30 * 86400_000));
    await stack.app.services.complaints.remindOverdue(stack.app.orm.em.fork(), clock.now());

    const summary = (es: Event[], ids: string[]) =>
      es.filter((e) => ids.includes(e.complaintId)).map((e) => `${e.number}:${e.kind}:${e.status}`);
    const ids = [pusat.id, daerah.id];
    await waitFor(() => summary(all.events, ids).filter((s) => s.includes('REMINDER')).length === 2, 'reminders');
    // The mail came from an address that is not the complaint's: it opened its own complaint (not in `ids`).
    expect(summary(all.events, ids)).toEqual([
      `${pusat.number}:CREATED:OPEN`,
      `${daerah.number}:CREATED:OPEN`,
      `${daerah.number}:ASSIGNED:IN_PROGRESS`,
      expect.stringMatching(/:REMINDER:OPEN$|:REMINDER:IN_PROGRESS$/),
      expect.stringMatching(/:REMINDER:OPEN$|:REMINDER:IN_PROGRESS$/),
    ]);
    expect(all.events.some((e) => e.kind === 'MESSAGE')).toBe(true);
    await waitFor(() => own.events.some((e) => e.kind === 'REMINDER'), 'regional reminder');
    expect(own.events.every((e) => e.unitId === kampar.id)).toBe(true);
    expect(summary(own.events, ids)).toEqual([
      `${daerah.number}:CREATED:OPEN`,
      `${daerah.number}:ASSIGNED:IN_PROGRESS`,
      `${daerah.number}:REMINDER:IN_PROGRESS`,
    ]);
    expect(all.events.some((e) => e.unitId === NATIONAL)).toBe(true);
    expect(
      await stack.sql(
        `select count(*)::int as n from audit_event where action = 'COMPLAINT_OVERDUE' and target_id in (?, ?)`,
        ids,
      ),
    ).toEqual([{ n: 2 }]);

    // Moving the regional officer changes what they may hear: their open socket is closed at once.
    await gqlOk(
      stack.app.url,
      `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`,
      { s: regional.id, u: NATIONAL },
      admin.token,
    );
    await waitFor(() => own.ended.value, 'regional socket closed');
    expect((own.ended.value as { code?: number }).code).toBe(4403);
    await all.client.dispose();
    await own.client.dispose();
  });
});
