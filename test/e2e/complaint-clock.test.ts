import { TestClock } from '../support/app';
import { staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const FIELDS = 'id number channel laporTrackingId dueAt laporForwardDueAt laporFollowUpDueAt';
const CREATE = `mutation($i: ComplaintInput!) { createComplaint(input: $i) { ${FIELDS} } }`;
const wib = (date: string, time = '10:00') => new Date(`${date}T${time}:00+07:00`);
/** Within a few seconds after (the test clock keeps running while the request travels). */
const near = (iso: string, expected: Date) =>
  Date.parse(iso) - expected.getTime() >= 0 && Date.parse(iso) - expected.getTime() < 5000;

/**
 * Due times on the real Indonesian calendar: national holidays from
 * date-holidays, the 2026 cuti bersama from the SKB 3 Menteri data, and the
 * SP4N-LAPOR! clocks beside the service standard.
 */
describe('complaint clocks on the holiday calendar', () => {
  const clock = new TestClock();
  const stack = useStack({ clock, smtp: false });
  const base = { category: 'CODE_NOT_RECEIVED', description: 'Kode OTP tidak pernah masuk', reporterName: 'Budi' };

  it('counts no day from Nyepi to the end of the Idul Fitri cuti bersama, and none on a lone cuti bersama day', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    clock.set(wib('2026-03-17')); // Tuesday; 18 March to 24 March are days off
    const lapor = await gqlOk(
      app.url,
      CREATE,
      { i: { ...base, channel: 'SP4N_LAPOR', laporTrackingId: ' #4123 456' } },
      helpdesk.token,
    );
    const c = lapor.createComplaint;
    expect(c.laporTrackingId).toBe('4123456');
    expect(near(c.dueAt, wib('2026-03-25'))).toBe(true); // one working day
    expect(near(c.laporForwardDueAt, wib('2026-03-27'))).toBe(true); // 25, 26, 27
    expect(near(c.laporFollowUpDueAt, wib('2026-03-31'))).toBe(true); // 25, 26, 27, 30, 31
    clock.set(wib('2026-03-16')); // Monday: the Tuesday still counts
    const monday = await gqlOk(app.url, CREATE, { i: { ...base, channel: 'PHONE' } }, helpdesk.token);
    expect(near(monday.createComplaint.dueAt, wib('2026-03-17'))).toBe(true);
    expect(monday.createComplaint).toMatchObject({ laporTrackingId: null, laporForwardDueAt: null });
    clock.set(wib('2026-05-13')); // Wednesday; Thursday Ascension, Friday cuti bersama
    const may = await gqlOk(app.url, CREATE, { i: { ...base, channel: 'PHONE' } }, helpdesk.token);
    expect(near(may.createComplaint.dueAt, wib('2026-05-18'))).toBe(true);
    // Staff find it by the LAPOR! tracking id, and read the clocks on the complaint.
    const found = await gqlOk(
      app.url,
      `{ complaints(filter: { q: "4123456" }) { edges { node { number laporFollowUpDueAt } } } }`,
      {},
      helpdesk.token,
    );
    expect(found.complaints.edges).toEqual([{ node: { number: c.number, laporFollowUpDueAt: c.laporFollowUpDueAt } }]);
  });

  it('keeps one complaint per LAPOR! report, and a tracking id only on that channel', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    clock.set(new Date());
    const first = await gqlOk(
      app.url,
      CREATE,
      { i: { ...base, channel: 'SP4N_LAPOR', laporTrackingId: 'LPR-77001' } },
      helpdesk.token,
    );
    const twin = await gql(
      app.url,
      CREATE,
      { i: { ...base, channel: 'SP4N_LAPOR', laporTrackingId: 'lpr-77001' } },
      helpdesk.token,
    );
    expect(errorCode(twin)).toBe('CONFLICT');
    expect(twin.errors![0].extensions!.number).toBe(first.createComplaint.number);
    const wrong = await gql(
      app.url,
      CREATE,
      { i: { ...base, channel: 'EMAIL', laporTrackingId: '9988776' } },
      helpdesk.token,
    );
    expect(errorCode(wrong)).toBe('VALIDATION_FAILED');
    expect(Object.keys(wrong.errors![0].extensions!.fields as object)).toEqual(['laporTrackingId']);
    // Without a tracking id a LAPOR! complaint still gets its clocks.
    const bare = await gqlOk(app.url, CREATE, { i: { ...base, channel: 'SP4N_LAPOR' } }, helpdesk.token);
    expect(bare.createComplaint.laporTrackingId).toBeNull();
    expect(bare.createComplaint.laporForwardDueAt).not.toBeNull();
  });
});
