import { TestClock } from '../support/app';
import { LOGIN, registerByEmail, staffSession } from '../support/flows';
import { gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const CONSENT = 'consent { version acceptedAt channel }';

describe('data rights (UU PDP)', () => {
  const clock = new TestClock();
  const stack = useStack({ clock, env: { PRIVACY_NOTICE_VERSION: '3' } });

  it('records the consent of a new registration: the notice version in force, when, and the channel', async () => {
    const { app, smtp } = stack;
    const before = Date.now();
    const { input, password, account } = await registerByEmail(app, smtp);
    const [row] = await stack.sql('select consent_version, consent_at, consent_channel from account where id = ?', [
      account.id,
    ]);
    expect(row.consent_version).toBe(3);
    expect(row.consent_channel).toBe('SELF_SERVICE');
    expect(new Date(row.consent_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(row.consent_at).getTime()).toBeLessThanOrEqual(Date.now());
    // The applicant sees it on their own account.
    const { login } = await gqlOk(app.url, LOGIN, { identifier: input.email, password });
    const { me } = await gqlOk(app.url, `{ me { ${CONSENT} } }`, {}, login.token);
    const record = { version: 3, acceptedAt: new Date(row.consent_at).toISOString(), channel: 'SELF_SERVICE' };
    expect(me.consent).toEqual(record);
    // Staff see it on the account, without a reveal: it is not personal data.
    const helpdesk = await staffSession(app);
    const staffRead = await gqlOk(
      app.url,
      `query($id: ID!) { account(id: $id) { ${CONSENT} } }`,
      { id: account.id },
      helpdesk.token,
    );
    expect(staffRead.account.consent).toEqual(record);
  });
});
