import { enumsEnglish } from './i18n/enums';
import type { AuthProvider } from 'react-admin';
import { closeWs, gql, session, sessionEnded, toLoginPage } from './api';

const isUnauthenticated = (error: any) =>
  (error?.code ?? error?.graphQLErrors?.[0]?.extensions?.code ?? error?.body?.errors?.[0]?.extensions?.code) ===
  'UNAUTHENTICATED';

export const STAFF_LOGIN =
  'mutation($u: String!, $p: String!, $t: String) { staffLogin(username: $u, password: $p, totp: $t) { token passwordChangeRequired national staff { id username role } } }';

/**
 * The login succeeded with a password an administrator generated: the server
 * limits that session to choosing the officer's own password, so the console
 * does not keep it yet (another tab would open a console that can do
 * nothing). The login page asks for the new password; `replace` sends it with
 * that session's token and then keeps the session.
 */
export class PasswordChangeRequired extends Error {
  constructor(
    private readonly token: string,
    private readonly currentPassword: string,
    private readonly staff: { id: string; username: string; role: any; national: boolean },
  ) {
    super('passwordChangeRequired');
  }
  get username() {
    return this.staff.username;
  }
  async replace(fields: { newPassword: string; newPasswordConfirmation: string }) {
    await gql(CHANGE_STAFF_PASSWORD, { currentPassword: this.currentPassword, ...fields }, { token: this.token });
    session.set({ token: this.token, ...this.staff });
  }
}
export const LOGOUT = 'mutation { logout }';
export const CHANGE_STAFF_PASSWORD = `mutation($currentPassword: String!, $newPassword: String!, $newPasswordConfirmation: String!) {
  changeStaffPassword(currentPassword: $currentPassword, newPassword: $newPassword, newPasswordConfirmation: $newPasswordConfirmation) }`;

/**
 * Staff login with username, password and (SUPERVISOR/ADMIN) a TOTP code.
 * The server is the authority on the session: any UNAUTHENTICATED answer ends
 * it here too (api.ts sessionEnded), and every way out reloads the console at
 * the login page instead of letting react-admin redirect inside the app.
 */
export const authProvider: AuthProvider = {
  async login({ username, password, totp }) {
    const { staffLogin } = await gql<{
      staffLogin: {
        token: string;
        passwordChangeRequired: boolean;
        national: boolean;
        staff: { id: string; username: string; role: any };
      };
    }>(
      STAFF_LOGIN,
      { u: username, p: password, t: totp || null },
      // A wrong password answers UNAUTHENTICATED too: that must not read as the end of a stored session.
      { anonymous: true },
    );
    if (staffLogin.passwordChangeRequired) {
      throw new PasswordChangeRequired(staffLogin.token, String(password), {
        ...staffLogin.staff,
        national: staffLogin.national,
      });
    }
    session.set({ token: staffLogin.token, ...staffLogin.staff, national: staffLogin.national });
  },
  async logout() {
    // The session ends here first: answers refused once the server has ended it (the live socket's
    // 4403, a list still loading) then find no session and show no "Sesi Anda telah berakhir".
    const ending = session.get();
    const had = !!ending || location.hash !== '#/login';
    session.clear();
    closeWs();
    if (ending) await gql(LOGOUT, undefined, { token: ending.token }).catch(() => undefined);
    // Already at the login page with nothing to end: stay (a reload there would repeat forever).
    if (had) toLoginPage();
    return false;
  },
  async checkAuth() {
    if (!session.get()) {
      toLoginPage();
      // The page reloads at the login form; nothing for react-admin to do meanwhile.
      await new Promise(() => undefined);
    }
  },
  async checkError(error: any) {
    if (isUnauthenticated(error) && session.get()) {
      sessionEnded();
      await new Promise(() => undefined);
    }
  },
  async getPermissions() {
    return session.get()?.role;
  },
  async getIdentity() {
    const s = session.get();
    if (!s) throw new Error('Belum masuk.');
    // The role's word is the same in both languages (Helpdesk, Supervisor, Administrator).
    return { id: s.id ?? s.username, fullName: `${s.username} (${enumsEnglish.StaffRole[s.role] ?? s.role})` };
  },
};
