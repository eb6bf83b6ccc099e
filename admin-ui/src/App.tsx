import { Admin, CustomRoutes, Resource } from 'react-admin';
import { atLeast } from './api';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { createDataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { ConsoleLayout } from './layout/Layout';
import { LoginPage } from './layout/Login';
import accounts from './resources/accounts';
import complaints from './resources/complaints';
import registrations from './resources/registrations';
import auditEvents from './resources/auditEvents';
import emailChangeRequests from './resources/emailChangeRequests';
import outboxMessages from './resources/outboxMessages';
import staffUsers from './resources/staffUsers';

const dataProvider = createDataProvider();

/** Resources follow the role: a helpdesk officer never sees what would answer FORBIDDEN. */
export function App() {
  return (
    <Admin
      title="Hak Akses"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      layout={ConsoleLayout}
      dashboard={Dashboard}
      disableTelemetry
      requireAuth
    >
      {(role: string) => (
        <>
          <Resource name="accounts" {...accounts} />
          <Resource name="registrations" {...registrations} />
          <Resource name="complaints" {...complaints} />
          <Resource name="emailChangeRequests" {...emailChangeRequests} />
          <Resource name="outboxMessages" {...outboxMessages} />
          {atLeast(role, 'SUPERVISOR') && <Resource name="auditEvents" {...auditEvents} />}
          {atLeast(role, 'ADMIN') && <Resource name="staffUsers" {...staffUsers} />}
          <CustomRoutes>{[]}</CustomRoutes>
        </>
      )}
    </Admin>
  );
}
