import { enumsEnglish } from './i18n/enums';
import type { AuthProvider } from 'react-admin';
import { closeWs, gql, session } from './api';

/**
 * Staff login with username, password and (SUPERVISOR/ADMIN) a TOTP code.
 * An expired or ended session sends the user back to the login page.
 */
export const authProvider: AuthProvider = {
  async login({ username, password, totp }) {
    const { staffLogin } = await gql<{
      staffLogin: { token: string; staff: { id: string; username: string; role: any } };
    }>(
      'mutation($u: String!, $p: String!, $t: String) { staffLogin(username: $u, password: $p, totp: $t) { token staff { id username role } } }',
      { u: username, p: password, t: totp || null },
    );
    session.set({ token: staffLogin.token, ...staffLogin.staff });
  },
  async logout() {
    if (session.get()) await gql('mutation { logout }').catch(() => undefined);
    session.clear();
    closeWs();
  },
  async checkAuth() {
    if (!session.get()) throw new Error('Silakan masuk untuk melanjutkan.');
  },
  async checkError(error: any) {
    const code = error?.code ?? error?.graphQLErrors?.[0]?.extensions?.code;
    if (code === 'UNAUTHENTICATED') {
      session.clear();
      throw new Error('Sesi Anda telah berakhir. Silakan masuk kembali.');
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
