import { Badge } from '@mui/material';
import {
  AppBar,
  Layout,
  LayoutProps,
  LocalesMenuButton,
  Menu,
  TitlePortal,
  ToggleThemeButton,
  useResourceDefinitions,
  useTranslate,
} from 'react-admin';
import { LiveIndicator, LiveProvider, useLive } from '../live';

const Bar = () => (
  <AppBar
    toolbar={
      <>
        <LiveIndicator />
        <LocalesMenuButton />
        <ToggleThemeButton />
      </>
    }
  >
    {/* A long title gives way to the toolbar on a phone instead of running under it. */}
    <TitlePortal sx={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} />
  </AppBar>
);

/**
 * The resources the role may see, as react-admin lists them; "Pengaduan"
 * carries a badge with what happened to complaints since the officer last
 * looked at the list (new ones, reporters' messages, overdue ones).
 */
function ConsoleMenu() {
  const resources = useResourceDefinitions();
  const { complaintNews } = useLive();
  const t = useTranslate();
  return (
    <Menu>
      <Menu.DashboardItem />
      {Object.values(resources)
        .filter((r) => r.hasList)
        .map((r) =>
          r.name === 'complaints' && complaintNews > 0 ? (
            <Menu.Item
              key={r.name}
              to="/complaints"
              primaryText={t('resources.complaints.name', { smart_count: 2 })}
              aria-label={t('app.complaint_news', { smart_count: complaintNews })}
              data-testid="complaint-news"
              leftIcon={
                <Badge badgeContent={complaintNews} color="error" max={99}>
                  {r.icon ? <r.icon /> : null}
                </Badge>
              }
            />
          ) : (
            <Menu.ResourceItem key={r.name} name={r.name} />
          ),
        )}
    </Menu>
  );
}

/** Rendered once signed in: the live connection lives as long as the session's layout. */
export const ConsoleLayout = (props: LayoutProps) => (
  <LiveProvider>
    <Layout {...props} appBar={Bar} menu={ConsoleMenu} />
  </LiveProvider>
);
