import { IDENTIFIER_SEARCH_LIMITS } from '../../server/src/modules/auth/throttle.service';
import { makeEmail, makeNik, makePhone, toE164 } from '../support/factories';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

/**
 * A search by an identifier shows the identifier back on the rows that hold
 * it: each one answers "is this the value?". An officer's searches by NIK,
 * NPWP, passport, email or phone (hit or miss, on accounts, registrations and
 * complaint contacts) share one budget, so the hidden birth date of a masked
 * NIK or the hidden digits of a masked phone cannot be tried one by one.
 */
describe('identifier searches: a budget per officer, contacts found only whole', () => {
  const stack = useStack();
  const BY_NIK = `query($n: String) { accounts(filter: { nik: $n }) { totalCount } }`;

  it('refuses the search after the per-minute budget, hit or miss, and counts registrations too; names are free', async () => {
    const { app } = stack;
    const officer = await staffSession(app);
    const other = await staffSession(app);
    const a = await seedAccount(app, { fullName: 'SITI AMINAH' });
    // Ten guesses per request (the alias limit), all misses but the last.
    const guesses = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `g${i}: accounts(filter: { nik: "${makeNik()}" }) { totalCount }`).join(' ')} }`;
    for (let i = 0; i < IDENTIFIER_SEARCH_LIMITS.perMinute / 10 - 1; i++) {
      const r = await gql(app.url, guesses(10), {}, officer.token);
      expect(r.errors).toBeUndefined();
    }
    // The budget's last nine on the account search, the last one on the registrations' search.
    expect((await gql(app.url, guesses(9), {}, officer.token)).errors).toBeUndefined();
    const reg = `query($q: String!) { registrations(filter: { q: $q }) { totalCount } }`;
    expect(errorCode(await gql(app.url, reg, { q: makeNik() }, officer.token))).toBeUndefined();
    // One more: refused, whichever list, with the wait.
    const refused = await gql(app.url, BY_NIK, { n: a.nik }, officer.token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(refused.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(errorCode(await gql(app.url, reg, { q: makeNik() }, officer.token))).toBe('RATE_LIMITED');
    // A name search is not an identifier: still answered.
    const byName = await gqlOk(app.url, `{ accounts(filter: { q: "siti aminah" }) { totalCount } }`, {}, officer.token);
    expect(byName.accounts.totalCount).toBeGreaterThanOrEqual(1);
    // Another officer has a budget of their own.
    expect((await gqlOk(app.url, BY_NIK, { n: a.nik }, other.token)).accounts.totalCount).toBe(1);
  });

  it("finds a complaint by its reporter's whole contact in any written form, never by a part of it", async () => {
    const { app } = stack;
    const officer = await staffSession(app);
    const phone = makePhone(); // 08…
    const email = makeEmail('pelapor');
    const create = (contact: string) =>
      gqlOk(
        app.url,
        `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number reporterContact } }`,
        {
          i: {
            channel: 'PHONE',
            category: 'OTHER',
            description: 'Kode verifikasi tidak masuk',
            reporterName: 'Pelapor Uji',
            reporterContact: contact,
          },
        },
        officer.token,
      );
    const byPhone = (await create(phone)).createComplaint;
    const byEmail = (await create(email)).createComplaint;
    expect(byPhone.reporterContact).toMatch(/\*{4}/);
    const find = async (q: string) =>
      (
        await gqlOk(
          app.url,
          `query($q: String!) { complaints(filter: { q: $q }) { edges { node { id } } } }`,
          { q },
          officer.token,
        )
      ).complaints.edges.map((e: any) => e.node.id);
    const e164 = toE164(phone);
    for (const whole of [phone, e164, `+62 ${e164.slice(3, 6)}-${e164.slice(6, 10)}-${e164.slice(10)}`]) {
      expect({ whole, found: await find(whole) }).toEqual({ whole, found: [byPhone.id] });
    }
    expect(await find(email.toUpperCase())).toEqual([byEmail.id]);
    // Parts of the contact find nothing: they would rebuild the masked digits one guess at a time.
    for (const part of [e164.slice(3, 10), e164.slice(-7), email.split('@')[0], email.split('@')[1]]) {
      expect({ part, found: await find(part) }).toEqual({ part, found: [] });
    }
    // The words of the complaint are still searched.
    expect(await find('verifikasi')).toEqual(expect.arrayContaining([byPhone.id, byEmail.id]));
    const [row] = await stack.sql('select search_text from complaint where id = ?', [byPhone.id]);
    expect(row.search_text).not.toContain(e164.slice(3));
  });
});
