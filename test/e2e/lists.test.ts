import { randomUUID } from 'node:crypto';
import { everyDay, lastDays, wibDayStart } from '../../admin-ui/src/dashboard/range';
import { makeEmail } from '../support/factories';
import { registerByEmail, seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const OUTBOX = `query($f: OutboxMessageFilter, $first: Int, $after: String, $offset: Int, $sort: OutboxSort) {
  outboxMessages(filter: $f, first: $first, after: $after, offset: $offset, sort: $sort) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id attempts recipient createdAt } } } }`;

describe('lists that tell the truth', () => {
  const stack = useStack();
  const { sql } = stack;

  it('pages and sorts the outbox: totalCount, cursor and offset pages agree, any sort key, ties by id', async () => {
    const { app } = stack;
    const staff = await staffSession(app);
    const account = await seedAccount(app);
    // 130 held messages about one account (no delivery job), created a minute apart, attempts 0-4.
    const base = Date.parse('2026-11-01T00:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) {
      const id = randomUUID();
      ids.push(id);
      await sql(
        `insert into outbox_message (id, channel, recipient, template, body, status, attempts, account_id, created_at)
         values (?, 'EMAIL', ?, 'welcome', 'isi', 'HELD', ?, ?, ?)`,
        [id, `penerima${i}@contoh.id`, i % 5, account.id, new Date(base + i * 60_000)],
      );
    }
    const f = { accountId: account.id, status: 'HELD' }; // not its welcome message
    const read = (v: Record<string, unknown>) => gqlOk(app.url, OUTBOX, { f, ...v }, staff.token);

    const newest = (await read({ first: 100 })).outboxMessages;
    expect(newest.totalCount).toBe(130);
    expect(newest.edges).toHaveLength(100);
    expect(newest.pageInfo.hasNextPage).toBe(true);
    expect(newest.edges[0].node.id).toBe(ids[129]);
    const rest = (await read({ first: 100, after: newest.pageInfo.endCursor })).outboxMessages;
    expect(rest.edges).toHaveLength(30);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const all = [...newest.edges, ...rest.edges].map((e: any) => e.node.id);
    expect(all).toEqual([...ids].reverse());
    // Offset paging gives the same rows as cursor paging.
    const page3 = (await read({ first: 25, offset: 50 })).outboxMessages.edges.map((e: any) => e.node.id);
    expect(page3).toEqual(all.slice(50, 75));
    // Oldest first, and by attempts (ties by id, in the same direction).
    const oldest = (await read({ first: 3, sort: { field: 'CREATED_AT', direction: 'ASC' } })).outboxMessages;
    expect(oldest.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 3));
    const byAttempts: any[] = [];
    let after: string | null = null;
    do {
      const page: any = (await read({ first: 100, after, sort: { field: 'ATTEMPTS', direction: 'DESC' } }))
        .outboxMessages;
      byAttempts.push(...page.edges.map((e: any) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(byAttempts).toHaveLength(130);
    expect(new Set(byAttempts.map((n) => n.id)).size).toBe(130);
    const attempts = byAttempts.map((n) => n.attempts);
    expect(attempts).toEqual([...attempts].sort((a, b) => b - a));
    expect(attempts[0]).toBe(4);
    // Recipients stay masked on every page.
    expect(byAttempts.every((n) => !n.recipient.includes('penerima'))).toBe(true);
    // The page size has the same limit as every list.
    expect(errorCode(await gql(app.url, OUTBOX, { f, first: 101 }, staff.token))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(app.url, OUTBOX, { f, after: 'bukan-kursor' }, staff.token))).toBe('VALIDATION_FAILED');
  });

  it('lists accounts expiring within 7 days soonest first unless asked otherwise', async () => {
    const { app } = stack;
    const staff = await staffSession(app);
    // Created oldest-first in the order of their expiry reversed, so creation order and expiry order differ.
    const days = [6.5, 3.2, 0.3, 5.1, 1.7];
    const made: { id: string; d: number }[] = [];
    for (const d of days) {
      const a = await seedAccount(app, { fullName: 'EXPIRING TEST' });
      await sql('update account set expires_at = now() + make_interval(secs => ?) where id = ?', [d * 86400, a.id]);
      made.push({ id: a.id, d });
    }
    // One beyond the window and one created last.
    const later = await seedAccount(app);
    await sql("update account set expires_at = now() + interval '8 days' where id = ?", [later.id]);
    const Q = `query($sort: AccountSort) { accounts(filter: { expiringWithinDays: 7 }, first: 100, sort: $sort) {
      edges { node { id expiresAt } } } }`;
    const soonest = (await gqlOk(app.url, Q, {}, staff.token)).accounts.edges.map((e: any) => e.node);
    const mine = soonest.filter((n: any) => made.some((m) => m.id === n.id)).map((n: any) => n.id);
    expect(mine).toEqual([...made].sort((a, b) => a.d - b.d).map((m) => m.id));
    const times = soonest.map((n: any) => Date.parse(n.expiresAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(soonest.map((n: any) => n.id)).not.toContain(later.id);
    // An explicit order still wins.
    const newest = (await gqlOk(app.url, Q, { sort: { field: 'CREATED_AT', direction: 'DESC' } }, staff.token)).accounts
      .edges;
    expect(newest.map((e: any) => e.node.id).filter((id: string) => made.some((m) => m.id === id))).toEqual(
      made.map((m) => m.id).reverse(),
    );
  });

  it('shows every audit row about an account on its Audit tab, staff email changes and rejections included', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { account } = await registerByEmail(app, smtp);
    const other = await registerByEmail(app, smtp);
    await gqlOk(
      app.url,
      'mutation($id: ID!, $e: String!, $r: String!) { changeAccountEmail(id: $id, newEmail: $e, reason: $r) { id } }',
      { id: account.id, e: makeEmail('baru'), r: 'Email lama mati, KTP dicek' },
      helpdesk.token,
    );
    // A request the applicant filed for the other account, rejected by staff.
    const { requestEmailChange: req } = await gqlOk(
      app.url,
      'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama mati") { id } }',
      { n: other.input.nik, e: makeEmail('antre') },
    );
    await gqlOk(
      app.url,
      'mutation($id: ID!) { rejectEmailChange(id: $id, reason: "Data tidak cocok") { id } }',
      { id: req.id },
      helpdesk.token,
    );
    const trail = async (id: string) =>
      (
        await gqlOk(
          app.url,
          'query($id: ID!) { account(id: $id, reveal: false) { auditTrail { action accountId actorType } } }',
          { id },
          helpdesk.token,
        )
      ).account.auditTrail;
    const mine = await trail(account.id);
    const actions = mine.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['EMAIL_CHANGE_REQUESTED', 'EMAIL_CHANGE_APPROVED']));
    expect(mine.find((e: any) => e.action === 'EMAIL_CHANGE_REQUESTED')).toMatchObject({
      accountId: account.id,
      actorType: 'STAFF',
    });
    expect(mine.every((e: any) => e.accountId === account.id)).toBe(true);
    expect(actions).not.toContain('EMAIL_CHANGE_REJECTED');
    const theirs = (await trail(other.account.id)).map((e: any) => e.action);
    expect(theirs).toEqual(expect.arrayContaining(['EMAIL_CHANGE_REQUESTED', 'EMAIL_CHANGE_REJECTED']));
    expect(theirs).not.toContain('EMAIL_CHANGE_APPROVED');
    // The audit list filtered by account finds the same rows.
    const listed = await gqlOk(
      app.url,
      'query($a: ID) { auditEvents(filter: { accountId: $a }, first: 100) { edges { node { action accountId } } } }',
      { a: other.account.id },
      supervisor.token,
    );
    const nodes = listed.auditEvents.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.action)).toEqual(expect.arrayContaining(['EMAIL_CHANGE_REJECTED']));
    expect(nodes.every((n: any) => n.accountId === other.account.id)).toBe(true);
  });

  it("gives the dashboard's days ending today in WIB, today's registrations on the last one", async () => {
    const { app, smtp } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    await registerByEmail(app, smtp);
    const range = lastDays(7);
    const { registrationMetrics: m } = await gqlOk(
      app.url,
      `query($from: DateTime!, $to: DateTime!) { registrationMetrics(from: $from, to: $to, interval: DAY) {
        buckets { start counts { flowsStarted } } } }`,
      { from: range.from.toISOString(), to: range.to.toISOString() },
      supervisor.token,
    );
    const today = wibDayStart(Date.now());
    expect(m.buckets.every((b: any) => Date.parse(b.start) <= today)).toBe(true);
    const days = everyDay(range, m.buckets, (start) => ({ start: start.toISOString(), counts: { flowsStarted: 0 } }));
    expect(days).toHaveLength(7);
    expect(Date.parse(days[6].start)).toBe(today);
    expect(days[6].counts.flowsStarted).toBeGreaterThanOrEqual(1);
  });
});
