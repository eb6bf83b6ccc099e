import { ComponentType, lazy } from 'react';
import { Admin, CustomRoutes, DataProvider, localStorageStore, Resource, ResourceProps } from 'react-admin';
import { Route } from 'react-router-dom';
import AuditIcon from '@mui/icons-material/Policy';
import ApartmentIcon from '@mui/icons-material/Apartment';
import BadgeIcon from '@mui/icons-material/Badge';
import BreachIcon from '@mui/icons-material/ReportProblem';
import FeedbackIcon from '@mui/icons-material/Feedback';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import MailIcon from '@mui/icons-material/MarkEmailRead';
import OutboxIcon from '@mui/icons-material/Outbox';
import PeopleIcon from '@mui/icons-material/People';
import PrivacyIcon from '@mui/icons-material/PrivacyTip';
import QuickreplyIcon from '@mui/icons-material/Quickreply';
import EventIcon from '@mui/icons-material/EventAvailable';
import StorefrontIcon from '@mui/icons-material/Storefront';
import { atLeast, session } from './api';
import { authProvider } from './authProvider';
import { i18nProvider } from './i18n';
import { ConsoleLayout } from './layout/Layout';
import { LoginPage } from './layout/Login';
import { darkTheme, lightTheme } from './layout/theme';

/**
 * The data provider (Apollo Client, graphql-js, ra-data-graphql) loads with
 * the first read, after login: the login page does without it.
 */
function lazyDataProvider(): DataProvider {
  let real: Promise<DataProvider> | undefined;
  const load = () => (real ??= import('./dataProvider').then((m) => m.createDataProvider()));
  return new Proxy({} as DataProvider, {
    get: (_, name) =>
      // Not a promise, and no optional capability: only the methods react-admin calls.
      typeof name !== 'string' || name === 'then' || name === 'supportAbortSignal'
        ? undefined
        : (...args: unknown[]) => load().then((dp) => (dp as any)[name](...args)),
  });
}
const dataProvider = lazyDataProvider();

type View = 'list' | 'show' | 'create' | 'edit';
type Pages = Partial<Record<View, ComponentType<any>>>;
/**
 * A resource whose pages load on first visit (a chunk of their own): the
 * login page and the menu need only the icon and which pages exist.
 *
 * Once the chunk is there, every page of the resource renders at once. A page
 * that suspended, even for a moment, would leave the previous page mounted
 * during the navigation (the router's transition), and a list whose filter
 * change was still pending would then navigate back to itself: an officer who
 * ticks "Belum ditugaskan" and opens a row at once would land on the list again.
 */
function lazyResource(
  load: () => Promise<{ default: Pages }>,
  views: View[],
  props: Omit<ResourceProps, 'name'>,
): Omit<ResourceProps, 'name'> {
  let loaded: Pages | undefined;
  let loading: Promise<Pages> | undefined;
  const loadOnce = () => (loading ??= load().then((m) => (loaded = m.default)));
  const pages = Object.fromEntries(
    views.map((v) => {
      const Lazy = lazy(() => loadOnce().then((m) => ({ default: m[v]! })));
      const Page = (p: any) => {
        const Loaded = loaded?.[v];
        return Loaded ? <Loaded {...p} /> : <Lazy {...p} />;
      };
      Page.displayName = `${v}Page`;
      return [v, Page];
    }),
  );
  return { ...props, ...pages };
}

const accounts = lazyResource(() => import('./resources/accounts'), ['list', 'show'], {
  icon: PeopleIcon,
  recordRepresentation: (r: any) => r.username,
});
const registrations = lazyResource(() => import('./resources/registrations'), ['list'], {
  icon: HowToRegIcon,
  recordRepresentation: 'maskedDestination',
});
const complaints = lazyResource(() => import('./resources/complaints'), ['list', 'create', 'show'], {
  icon: FeedbackIcon,
  recordRepresentation: (r: any) => r.number,
});
const emailChangeRequests = lazyResource(() => import('./resources/emailChangeRequests'), ['list'], {
  icon: MailIcon,
});
const outboxMessages = lazyResource(() => import('./resources/outboxMessages'), ['list'], { icon: OutboxIcon });
const dataSubjectRequests = lazyResource(() => import('./resources/dataSubjectRequests'), ['list'], {
  icon: PrivacyIcon,
  recordRepresentation: (r: any) => r.number,
});
const breachIncidents = lazyResource(() => import('./resources/breachIncidents'), ['list'], {
  icon: BreachIcon,
  recordRepresentation: (r: any) => r.number,
});
const auditEvents = lazyResource(() => import('./resources/auditEvents'), ['list'], { icon: AuditIcon });
const staffUsers = lazyResource(() => import('./resources/staffUsers'), ['list'], { icon: BadgeIcon });
const responseTemplates = lazyResource(() => import('./resources/responseTemplates'), ['list', 'create', 'edit'], {
  icon: QuickreplyIcon,
  recordRepresentation: 'title',
});
const serviceUnits = lazyResource(() => import('./resources/serviceUnits'), ['list', 'create'], {
  icon: ApartmentIcon,
  recordRepresentation: 'name',
});
const outreachEvents = lazyResource(() => import('./resources/outreachEvents'), ['list', 'create', 'edit'], {
  icon: EventIcon,
  recordRepresentation: (r: any) => `${r.date} ${r.villageName ?? r.villageCode}`,
});
const outreachDesk = lazyResource(() => import('./resources/outreachDesk'), ['list'], { icon: StorefrontIcon });
/** The SKM report (printable, PDF/XLSX) and the paper-survey form, each in a chunk of its own. */
const SkmReportPage = lazy(() => import('./skm/SkmReportPage'));
const PaperSurveyPage = lazy(() => import('./skm/PaperSurveyPage'));
/** Any officer's own password change (the user menu). */
const PasswordChangePage = lazy(() => import('./layout/PasswordChangePage'));
const passwordRoute = <Route key="password" path="/password" element={<PasswordChangePage />} />;
/** The dashboard and its charts (recharts) load after login, in a chunk of their own. */
const Dashboard = lazy(() => import('./dashboard/Dashboard').then((m) => ({ default: m.Dashboard })));

/**
 * react-admin's store (list filters, columns, language, theme) in
 * localStorage. A logout empties it, as react-admin means, except for the
 * officer's language and light/dark choice: the login page that follows, and
 * the next officer at the desk, keep them.
 */
const store = localStorageStore();
const resetStore = store.reset;
store.reset = () => {
  const kept = ['locale', 'theme'].map((key) => [key, store.getItem(key)] as const);
  resetStore();
  for (const [key, value] of kept) if (value !== undefined) store.setItem(key, value);
};

/** Resources follow the role: a helpdesk officer never sees what would answer FORBIDDEN. */
export function App() {
  return (
    <Admin
      title="Hak Akses"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      store={store}
      loginPage={LoginPage}
      layout={ConsoleLayout}
      theme={lightTheme}
      darkTheme={darkTheme}
      dashboard={Dashboard}
      disableTelemetry
      requireAuth
    >
      {(role: string) =>
        // An outreach officer works at the desk only: every other page would answer FORBIDDEN.
        role === 'OUTREACH' ? (
          <>
            <Resource name="outreachDesk" {...outreachDesk} />
            <CustomRoutes>{[passwordRoute]}</CustomRoutes>
          </>
        ) : (
          <>
            <Resource name="accounts" {...accounts} />
            <Resource name="registrations" {...registrations} />
            <Resource name="complaints" {...complaints} />
            <Resource name="emailChangeRequests" {...emailChangeRequests} />
            <Resource name="outboxMessages" {...outboxMessages} />
            {atLeast(role, 'SUPERVISOR') && <Resource name="dataSubjectRequests" {...dataSubjectRequests} />}
            {/* The breach register is the national unit's (the controller's duty to report), not a region's. */}
            {atLeast(role, 'SUPERVISOR') && session.get()?.national !== false && (
              <Resource name="breachIncidents" {...breachIncidents} />
            )}
            {atLeast(role, 'SUPERVISOR') && <Resource name="auditEvents" {...auditEvents} />}
            {/* Officers insert canned responses in a reply; supervisors keep them. */}
            {atLeast(role, 'SUPERVISOR') ? (
              <Resource name="responseTemplates" {...responseTemplates} />
            ) : (
              <Resource name="responseTemplates" recordRepresentation="title" />
            )}
            {atLeast(role, 'ADMIN') && <Resource name="staffUsers" {...staffUsers} />}
            {/* Every officer picks units (complaint filter and form); only the administrator manages them. */}
            {atLeast(role, 'ADMIN') ? (
              <Resource name="serviceUnits" {...serviceUnits} />
            ) : (
              <Resource name="serviceUnits" recordRepresentation="name" />
            )}
            {atLeast(role, 'SUPERVISOR') && <Resource name="outreachEvents" {...outreachEvents} />}
            {atLeast(role, 'SUPERVISOR') && <Resource name="outreachOfficers" recordRepresentation="username" />}
            <CustomRoutes>
              {[
                <Route key="paper" path="/skm/paper" element={<PaperSurveyPage />} />,
                passwordRoute,
                ...(atLeast(role, 'SUPERVISOR') ? [<Route key="skm" path="/skm" element={<SkmReportPage />} />] : []),
              ]}
            </CustomRoutes>
          </>
        )
      }
    </Admin>
  );
}
