import { TOTP, URI } from 'otpauth';
import type { RunningApp } from '../../server/src/app';
import type { NewAccountData } from '../../server/src/modules/account/account.entity';
import { applicantKind } from '../../server/src/modules/account/applicant-kind';
import { systemContext } from '../../server/src/shared/request-context';
import { gqlOk } from './graphql';
import { makeEmail, makeNik, makeProfile, STRONG_PASSWORD } from './factories';
import { codeFromMail, ReceivedMail } from './receivers';

export const REGISTRATION_FIELDS = 'id step channel maskedDestination resendAvailableAt expiresAt';
export const ACCOUNT_FIELDS =
  'id username status scale actorType nik email phone fullName provinceCode warnings createdAt activatedAt expiresAt emailVerifiedAt phoneVerifiedAt';

export const START = `mutation($input: StartRegistrationInput!) { startRegistration(input: $input) { ${REGISTRATION_FIELDS} } }`;
export const VERIFY = `mutation($id: ID!, $code: String!) { verifyRegistration(id: $id, code: $code) { ${REGISTRATION_FIELDS} } }`;
export const RESEND = `mutation($id: ID!) { resendRegistrationCode(id: $id) { ${REGISTRATION_FIELDS} } }`;
export const CHANGE = `mutation($id: ID!, $email: String, $phone: String) { changeRegistrationDestination(id: $id, email: $email, phone: $phone) { ${REGISTRATION_FIELDS} } }`;
export const SET_PASSWORD = `mutation($id: ID!, $p: String!, $c: String!) { setRegistrationPassword(id: $id, password: $p, passwordConfirmation: $c) { ${REGISTRATION_FIELDS} } }`;
export const COMPLETE = `mutation($id: ID!, $profile: ProfileInput!, $accept: Boolean!) { completeRegistration(id: $id, profile: $profile, acceptTerms: $accept) { ${ACCOUNT_FIELDS} } }`;
export const LOGIN = `mutation($identifier: String!, $password: String!) { login(identifier: $identifier, password: $password) { token expiresAt account { ${ACCOUNT_FIELDS} } } }`;
export const STAFF_LOGIN = `mutation($u: String!, $p: String!, $t: String) { staffLogin(username: $u, password: $p, totp: $t) { token staff { username role } } }`;

export function individualInput(overrides: Record<string, unknown> = {}) {
  return { scale: 'UMK', actorType: 'INDIVIDUAL', nik: makeNik(), channel: 'EMAIL', email: makeEmail(), ...overrides };
}

/** Runs a whole email registration, reading the code from the real SMTP server. */
export async function registerByEmail(
  app: RunningApp,
  smtp: { waitForMail(to: string, n?: number): Promise<ReceivedMail> },
  overrides: Record<string, unknown> = {},
  profile: Record<string, unknown> = {},
) {
  const input = individualInput(overrides);
  const { startRegistration: reg } = await gqlOk(app.url, START, { input });
  const code = codeFromMail(await smtp.waitForMail(input.email as string));
  await gqlOk(app.url, VERIFY, { id: reg.id, code });
  await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
  const { completeRegistration: account } = await gqlOk(app.url, COMPLETE, {
    id: reg.id,
    profile: makeProfile(profile),
    accept: true,
  });
  return { input, account, password: STRONG_PASSWORD, registrationId: reg.id as string };
}

/** A staff user and its bearer token. */
export async function staffToken(app: RunningApp, role: 'OUTREACH' | 'HELPDESK' | 'SUPERVISOR' | 'ADMIN' = 'HELPDESK') {
  const username = `staf${Math.random().toString(36).slice(2, 8)}`;
  const { generatedPassword } = await app.services.staff.create(app.orm.em.fork(), { username, role });
  if (role !== 'HELPDESK' && role !== 'OUTREACH')
    throw new Error('staffToken: use the TOTP helper for roles with a second factor');
  const { staffLogin } = await gqlOk(app.url, STAFF_LOGIN, { u: username, p: generatedPassword });
  return staffLogin.token as string;
}

/** A staff user of any role, logged in (with a TOTP code from its otpauth URI where the role needs one). */
export async function staffSession(
  app: RunningApp,
  role: 'OUTREACH' | 'HELPDESK' | 'SUPERVISOR' | 'ADMIN' = 'HELPDESK',
) {
  const username = `${role.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}`;
  const created = await app.services.staff.create(app.orm.em.fork(), { username, role });
  const t = created.otpauthUri ? (URI.parse(created.otpauthUri) as TOTP).generate() : undefined;
  const { staffLogin } = await gqlOk(app.url, STAFF_LOGIN, { u: username, p: created.generatedPassword, t });
  return { token: staffLogin.token as string, id: created.staff.id, username, password: created.generatedPassword! };
}

/**
 * An authenticator app as a person uses it: each login gets a code of a later
 * time step than the last one (the server accepts a code once), the current
 * or the next step; when both are used it waits for the clock to move on.
 */
export function totpDevice(otpauthUri: string) {
  const totp = URI.parse(otpauthUri) as TOTP;
  let last = -Infinity;
  return {
    async code(): Promise<string> {
      for (;;) {
        const now = totp.counter();
        const step = Math.max(last + 1, now);
        if (step <= now + 1) {
          last = step;
          return totp.generate({ timestamp: step * totp.period * 1000 });
        }
        await new Promise((r) => setTimeout(r, totp.remaining() + 50));
      }
    },
  };
}

/** An ACTIVE account made directly through the account service (no messages to wait for). */
export async function seedAccount(app: RunningApp, over: Partial<NewAccountData> = {}) {
  return app.orm.em.fork().transactional((em) =>
    app.services.accountLifecycle.createActive(systemContext(em, 'test'), em, {
      kind: applicantKind({ scale: 'UMK', actorType: 'INDIVIDUAL' }),
      nik: makeNik(),
      email: makeEmail(),
      emailVerifiedAt: new Date(),
      fullName: 'WILDAN PRATAMA',
      provinceCode: '31',
      villageCode: '3171011001',
      passwordHash: 'x',
      warnings: [],
      ...over,
    }),
  );
}
