import { TestClock } from '../support/app';
import { makeEmail } from '../support/factories';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor, wsClient } from '../support/graphql';
import { useStack } from '../support/stack';

const FIELDS = `id number status assigneeId followedByMe followers { id username } mergedInto { id number }
  history { kind note } messages { direction body }`;
const CREATE = `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`;
const READ = `query($id: ID!) { complaint(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: ComplaintFilter) { complaints(filter: $f, first: 100) { edges { node { id } } } }`;
const ASSIGN = `mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }`;
const ROUND_ROBIN = `mutation($id: ID!) { assignComplaintRoundRobin(id: $id) { id assigneeId } }`;
const FOLLOW = `mutation($id: ID!) { followComplaint(id: $id) { ${FIELDS} } }`;
const UNFOLLOW = `mutation($id: ID!) { unfollowComplaint(id: $id) { ${FIELDS} } }`;
const MERGE = `mutation($s: ID!, $t: ID!, $r: String!) { mergeComplaints(sourceId: $s, targetId: $t, reason: $r) {
  ${FIELDS} } }`;
const SET_UNIT = `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`;
const DISABLE = `mutation($id: ID!) { disableStaff(id: $id) { id } }`;

type Session = { token: string; id: string; username: string };

/** Helpdesk work on complaints: the unassigned queue, round-robin, followers and merging. */
describe('complaints: queue, round-robin, followers, merge', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });
  let admin: Session;
  let national: Session;
  const units: Record<string, string> = {};

  const createUnit = async (name: string, code: string) =>
    (
      await gqlOk(
        stack.app.url,
        `mutation($n: String!, $r: String!) { createServiceUnit(name: $n, regionCode: $r) { id } }`,
        { n: name, r: code },
        admin.token,
      )
    ).createServiceUnit.id as string;
  const officer = async (unitId: string, role: 'HELPDESK' | 'SUPERVISOR' = 'HELPDESK'): Promise<Session> => {
    const s = await staffSession(stack.app, role);
    await gqlOk(stack.app.url, SET_UNIT, { s: s.id, u: unitId }, admin.token);
    return s;
  };
  const complaint = async (token: string, extra: Record<string, unknown> = {}) =>
    (
      await gqlOk(
        stack.app.url,
        CREATE,
        {
          i: {
            channel: 'PHONE',
            category: 'OTHER',
            description: 'Kode verifikasi tidak masuk',
            reporterName: 'Sari',
            ...extra,
          },
        },
        token,
      )
    ).createComplaint as { id: string; number: string };
  const ids = async (token: string, f: Record<string, unknown>) =>
    (await gqlOk(stack.app.url, LIST, { f }, token)).complaints.edges.map((e: { node: { id: string } }) => e.node.id);
  const read = async (token: string, id: string) => (await gqlOk(stack.app.url, READ, { id }, token)).complaint;
  const audits = (action: string, targetId: string) =>
    stack.sql(`select details from audit_event where action = ? and target_id = ? order by at`, [action, targetId]);

  beforeAll(async () => {
    admin = await staffSession(stack.app, 'ADMIN');
    national = await staffSession(stack.app);
    units.mojokerto = await createUnit('DPMPTSP Kabupaten Mojokerto', '3516');
    units.kampar = await createUnit('DPMPTSP Kabupaten Kampar', '1406');
    units.sleman = await createUnit('DPMPTSP Kabupaten Sleman', '3404');
  });

  describe('the unassigned queue', () => {
    it('holds exactly the complaints nobody is assigned to, within the officer’s unit', async () => {
      clock.set(new Date());
      const regional = await officer(units.mojokerto);
      const open = await complaint(national.token, { unitId: units.mojokerto });
      const taken = await complaint(national.token, { unitId: units.mojokerto });
      const elsewhere = await complaint(national.token, { unitId: units.kampar });
      await gqlOk(stack.app.url, ASSIGN, { id: taken.id, s: regional.id }, regional.token);

      const queue = await ids(regional.token, { unassigned: true });
      expect(queue).toContain(open.id);
      expect(queue).not.toContain(taken.id);
      expect(queue).not.toContain(elsewhere.id); // another unit's queue is not theirs
      const assigned = await ids(regional.token, { unassigned: false });
      expect(assigned).toContain(taken.id);
      expect(assigned).not.toContain(open.id);
      // The national helpdesk sees every unit's queue.
      expect(await ids(national.token, { unassigned: true })).toEqual(expect.arrayContaining([open.id, elsewhere.id]));
      // "Mine" and "unassigned" at once select nothing sensible: refused, not silently empty.
      const both = await gql(stack.app.url, LIST, { f: { unassigned: true, assigneeId: regional.id } }, regional.token);
      expect(errorCode(both)).toBe('VALIDATION_FAILED');
      expect(both.errors?.[0].extensions?.fields).toHaveProperty('unassigned');
    });
  });

  describe('round-robin assignment', () => {
    it('picks the HELPDESK officer of the unit with the fewest open complaints, a tie to the least recently assigned', async () => {
      clock.set(new Date());
      const unit = units.kampar;
      const [a, b] = [await officer(unit), await officer(unit)];
      // Not on duty: a supervisor of the unit, a disabled officer, and an officer of another unit.
      await officer(unit, 'SUPERVISOR');
      const gone = await officer(unit);
      await gqlOk(stack.app.url, DISABLE, { id: gone.id }, admin.token);
      await officer(units.mojokerto);

      // a has one open complaint, b none: b is picked.
      const held = await complaint(national.token, { unitId: unit });
      await gqlOk(stack.app.url, ASSIGN, { id: held.id, s: a.id }, national.token);
      const c1 = await complaint(national.token, { unitId: unit });
      expect(
        (await gqlOk(stack.app.url, ROUND_ROBIN, { id: c1.id }, national.token)).assignComplaintRoundRobin,
      ).toEqual({ id: c1.id, assigneeId: b.id });
      // Now one each: a tie, which goes to a (assigned before b was).
      const c2 = await complaint(national.token, { unitId: unit });
      clock.advance(1000);
      expect(
        (await gqlOk(stack.app.url, ROUND_ROBIN, { id: c2.id }, national.token)).assignComplaintRoundRobin,
      ).toEqual({ id: c2.id, assigneeId: a.id });
      // a: 2 open, b: 1 → b. Resolved complaints do not count: resolving both of a's makes a (0) the pick.
      const c3 = await complaint(national.token, { unitId: unit });
      clock.advance(1000);
      expect(
        (await gqlOk(stack.app.url, ROUND_ROBIN, { id: c3.id }, national.token)).assignComplaintRoundRobin.assigneeId,
      ).toBe(b.id);
      for (const id of [held.id, c2.id]) {
        await gqlOk(
          stack.app.url,
          `mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Sudah dibantu") { id } }`,
          { id },
          national.token,
        );
      }
      const c4 = await complaint(national.token, { unitId: unit });
      clock.advance(1000);
      expect(
        (await gqlOk(stack.app.url, ROUND_ROBIN, { id: c4.id }, national.token)).assignComplaintRoundRobin.assigneeId,
      ).toBe(a.id);

      // Reassigning round-robin does not count the complaint against its own assignee: a (1 = c4) vs b (2).
      clock.advance(1000);
      expect(
        (await gqlOk(stack.app.url, ROUND_ROBIN, { id: c4.id }, national.token)).assignComplaintRoundRobin.assigneeId,
      ).toBe(a.id);

      // Audited as an assignment, naming the rule and the assignee.
      const [row] = await audits('COMPLAINT_ASSIGNED', c1.id);
      expect(row.details).toMatchObject({ rule: 'ROUND_ROBIN', note: b.id, to: 'IN_PROGRESS' });
    });

    it('is refused with NO_STAFF_ON_DUTY in a unit without an active HELPDESK officer, and is unit-scoped', async () => {
      clock.set(new Date());
      const empty = await complaint(national.token, { unitId: units.sleman });
      const r = await gql(stack.app.url, ROUND_ROBIN, { id: empty.id }, national.token);
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors?.[0].extensions?.reason).toBe('NO_STAFF_ON_DUTY');
      expect((await read(national.token, empty.id)).assigneeId).toBeNull();
      // A regional officer of another unit cannot reach it.
      const regional = await officer(units.mojokerto);
      expect(errorCode(await gql(stack.app.url, ROUND_ROBIN, { id: empty.id }, regional.token))).toBe('NOT_FOUND');
    });
  });

  describe('followers', () => {
    it('lets several officers follow, lists them by name, filters "Diikuti", and audits each change once', async () => {
      clock.set(new Date());
      const c = await complaint(national.token);
      const other = await complaint(national.token);
      const second = await staffSession(stack.app);
      const followed = (await gqlOk(stack.app.url, FOLLOW, { id: c.id }, national.token)).followComplaint;
      expect(followed.followedByMe).toBe(true);
      expect(followed.followers).toEqual([{ id: national.id, username: national.username }]);
      await gqlOk(stack.app.url, FOLLOW, { id: c.id }, national.token); // again: no change
      await gqlOk(stack.app.url, FOLLOW, { id: c.id }, second.token);
      const seen = await read(second.token, c.id);
      expect(seen.followers.map((f: { username: string }) => f.username)).toEqual([national.username, second.username]);
      expect(seen.followedByMe).toBe(true);

      expect(await ids(national.token, { followed: true })).toContain(c.id);
      expect(await ids(national.token, { followed: true })).not.toContain(other.id);
      expect(await ids(national.token, { followed: false })).toContain(other.id);
      expect(await ids(national.token, { followed: false })).not.toContain(c.id);

      const after = (await gqlOk(stack.app.url, UNFOLLOW, { id: c.id }, national.token)).unfollowComplaint;
      expect(after.followedByMe).toBe(false);
      expect(after.followers.map((f: { id: string }) => f.id)).toEqual([second.id]);
      expect(await ids(national.token, { followed: true })).not.toContain(c.id);
      await gqlOk(stack.app.url, UNFOLLOW, { id: c.id }, national.token); // again: no change

      const rows = await stack.sql(
        `select action, actor_id from audit_event where target_id = ? and action like 'COMPLAINT_%FOLLOWED' order by at`,
        [c.id],
      );
      expect(rows).toEqual([
        { action: 'COMPLAINT_FOLLOWED', actor_id: national.id },
        { action: 'COMPLAINT_FOLLOWED', actor_id: second.id },
        { action: 'COMPLAINT_UNFOLLOWED', actor_id: national.id },
      ]);
    });

    it("tells every console of the unit who follows the complaint, so the followers' consoles highlight it", async () => {
      clock.set(new Date());
      const follower = await staffSession(stack.app);
      const bystander = await staffSession(stack.app);
      const c = await complaint(national.token);
      await gqlOk(stack.app.url, FOLLOW, { id: c.id }, follower.token);
      type Ev = { complaintId: string; kind: string; followerIds: string[] };
      const listen = (token: string) => {
        const events: Ev[] = [];
        const client = wsClient(stack.app.url, token);
        client.subscribe<{ complaintUpdated: Ev }>(
          { query: 'subscription { complaintUpdated { complaintId kind followerIds } }' },
          { next: (v) => v.data && events.push(v.data.complaintUpdated), error: () => undefined, complete: () => {} },
        );
        return { events, client };
      };
      const f = listen(follower.token);
      const b = listen(bystander.token);
      // Notes until both consoles heard one (a loaded machine may take a while to finish subscribing).
      const heard = () => {
        const mine = f.events.find((e) => e.complaintId === c.id);
        const theirs = b.events.find((e) => e.complaintId === c.id);
        return mine && theirs ? { mine, theirs } : undefined;
      };
      for (let i = 0; i < 10 && !heard(); i++) {
        await new Promise((r) => setTimeout(r, 500));
        await gqlOk(
          stack.app.url,
          `mutation($id: ID!) { addComplaintNote(id: $id, note: "Sudah dicek ke tim teknis") { id } }`,
          { id: c.id },
          national.token,
        );
        await waitFor(heard, 'both consoles', 2000).catch(() => undefined);
      }
      const { mine, theirs } = (await waitFor(heard, 'follower and bystander events'))!;
      // The same event for both (one execution per unit): it names the follower, not the bystander.
      expect(mine).toEqual({ complaintId: c.id, kind: 'NOTE', followerIds: [follower.id] });
      expect(theirs).toEqual(mine);
      expect(mine.followerIds).not.toContain(bystander.id);
      await f.client.dispose();
      await b.client.dispose();
    });

    it("does not let a regional officer follow another unit's complaint", async () => {
      const c = await complaint(national.token, { unitId: units.kampar });
      const regional = await officer(units.mojokerto);
      expect(errorCode(await gql(stack.app.url, FOLLOW, { id: c.id }, regional.token))).toBe('NOT_FOUND');
      expect(await stack.sql(`select 1 from complaint_follower where complaint_id = ?`, [c.id])).toEqual([]);
    });
  });

  describe('merge', () => {
    const reason = 'Pelapor menulis dua kali tentang hal yang sama';

    it('moves messages, history and followers to the target and closes the source pointing at it', async () => {
      clock.set(new Date());
      const contact = makeEmail('ganda');
      const target = await complaint(national.token, { channel: 'EMAIL', reporterContact: contact });
      clock.advance(60_000);
      const source = await complaint(national.token, { channel: 'EMAIL', reporterContact: contact.toUpperCase() });
      // The reporter wrote into the second one; an officer follows it.
      await stack.app.services.complaints.receiveEmail(stack.app.orm.em.fork(), {
        messageId: `gabung-${source.number}@x.id`,
        from: contact,
        subject: `[${source.number}] tambahan`,
        text: 'Ini tambahan dari saya',
        references: [],
        date: null,
        authenticated: true,
      });
      const follower = await staffSession(stack.app);
      await gqlOk(stack.app.url, FOLLOW, { id: source.id }, follower.token);
      await gqlOk(
        stack.app.url,
        `mutation($id: ID!) { addComplaintNote(id: $id, note: "Catatan pada yang kedua") { id } }`,
        { id: source.id },
        national.token,
      );

      const merged = (await gqlOk(stack.app.url, MERGE, { s: source.id, t: target.id, r: reason }, national.token))
        .mergeComplaints;
      expect(merged.id).toBe(target.id);
      expect(merged.messages).toEqual([{ direction: 'IN', body: 'Ini tambahan dari saya' }]);
      expect(merged.history.map((h: { kind: string }) => h.kind)).toEqual(['CREATED', 'CREATED', 'NOTE', 'MERGED']);
      expect(merged.history.at(-1).note).toBe(`${source.number}: ${reason}`);
      expect(merged.followers.map((f: { id: string }) => f.id)).toEqual([follower.id]);

      const closed = await read(national.token, source.id);
      expect(closed).toMatchObject({ status: 'CLOSED', mergedInto: { id: target.id, number: target.number } });
      expect(closed.messages).toEqual([]);
      expect(closed.followers).toEqual([]);
      expect(closed.history).toEqual([{ kind: 'MERGED_INTO', note: `${target.number}: ${reason}` }]);
      const [row] = await audits('COMPLAINT_MERGED', source.id);
      expect(row.details).toEqual({ from: 'OPEN', to: 'CLOSED', complaint: source.number, into: target.number });

      // The reporter's next mail naming the source's number opens nothing new there: it is closed.
      // The public page of the source's number names the target.
      const res = await fetch(`${stack.app.url}/pengaduan/cek.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ number: source.number, contact }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { complaint: unknown }).complaint).toMatchObject({
        number: source.number,
        status: 'CLOSED',
        mergedInto: target.number,
      });
      const page = await fetch(`${stack.app.url}/pengaduan/cek`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ nomor: source.number, kontak: contact }).toString(),
      });
      expect(await page.text()).toContain(`data-merged-into="${target.number}"`);
    });

    it('merges by the same linked account even when the contacts differ', async () => {
      clock.set(new Date());
      const account = await seedAccount(stack.app);
      const a = await complaint(national.token, { accountId: account.id, reporterContact: makeEmail('satu') });
      const b = await complaint(national.token, { accountId: account.id });
      const merged = (await gqlOk(stack.app.url, MERGE, { s: b.id, t: a.id, r: reason }, national.token))
        .mergeComplaints;
      expect(merged.id).toBe(a.id);
      expect((await read(national.token, b.id)).status).toBe('CLOSED');
    });

    it('refuses different reporters, closed complaints, different units, itself; unit-scoped for regional officers', async () => {
      clock.set(new Date());
      const contact = makeEmail('pelapor');
      const a = await complaint(national.token, { reporterContact: contact });
      const stranger = await complaint(national.token, { reporterContact: makeEmail('lain') });
      const nobody = await complaint(national.token); // no contact, no account
      const nobody2 = await complaint(national.token);
      const accountA = await seedAccount(stack.app);
      const accountB = await seedAccount(stack.app);
      const linkedA = await complaint(national.token, { accountId: accountA.id });
      const linkedB = await complaint(national.token, { accountId: accountB.id });
      const conflict = async (s: string, t: string, why: string) => {
        const r = await gql(stack.app.url, MERGE, { s, t, r: reason }, national.token);
        expect([errorCode(r), r.errors?.[0].extensions?.reason]).toEqual(['CONFLICT', why]);
      };
      await conflict(stranger.id, a.id, 'DIFFERENT_REPORTER');
      await conflict(nobody.id, nobody2.id, 'DIFFERENT_REPORTER'); // two unknowns are not "the same reporter"
      await conflict(linkedA.id, linkedB.id, 'DIFFERENT_REPORTER');

      const done = await complaint(national.token, { reporterContact: contact });
      for (const step of ['resolveComplaint(id: $id, resolution: "Sudah dibantu")', 'closeComplaint(id: $id)']) {
        await gqlOk(stack.app.url, `mutation($id: ID!) { ${step} { id } }`, { id: done.id }, national.token);
      }
      await conflict(done.id, a.id, 'CLOSED');
      await conflict(a.id, done.id, 'CLOSED');

      const far = await complaint(national.token, { reporterContact: contact, unitId: units.kampar });
      await conflict(far.id, a.id, 'DIFFERENT_UNIT');

      const self = await gql(stack.app.url, MERGE, { s: a.id, t: a.id, r: reason }, national.token);
      expect(errorCode(self)).toBe('VALIDATION_FAILED');
      const short = await gql(stack.app.url, MERGE, { s: far.id, t: a.id, r: 'x' }, national.token);
      expect(errorCode(short)).toBe('VALIDATION_FAILED');

      // A regional officer: another unit's complaint does not exist for them, whichever side it is on.
      const regional = await officer(units.kampar);
      const mine = await complaint(national.token, { reporterContact: contact, unitId: units.kampar });
      for (const [s, t] of [
        [mine.id, a.id],
        [a.id, mine.id],
      ]) {
        expect(errorCode(await gql(stack.app.url, MERGE, { s, t, r: reason }, regional.token))).toBe('NOT_FOUND');
      }
      // Their own two merge.
      expect(
        (await gqlOk(stack.app.url, MERGE, { s: mine.id, t: far.id, r: reason }, regional.token)).mergeComplaints.id,
      ).toBe(far.id);
      // Nothing moved in the refusals.
      for (const c of [a, stranger, nobody, linkedA, done]) {
        expect((await read(national.token, c.id)).mergedInto).toBeNull();
      }
      expect(await audits('COMPLAINT_MERGED', a.id)).toEqual([]);
    });
  });
});
