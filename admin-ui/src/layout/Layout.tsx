import { forwardRef, useEffect } from 'react';
import { Badge, Box, Theme, useMediaQuery } from '@mui/material';
import {
  AppBar,
  Layout,
  LayoutProps,
  LocalesMenuButton,
  Logout,
  Menu,
  MenuItemLink,
  TitlePortal,
  ToggleThemeButton,
  useGetIdentity,
  useLocaleState,
  usePermissions,
  UserMenu,
  useUserMenu,
  useResourceDefinitions,
  useTranslate,
} from 'react-admin';
import AssessmentIcon from '@mui/icons-material/Assessment';
import EditNoteIcon from '@mui/icons-material/EditNote';
import PasswordIcon from '@mui/icons-material/Password';
import { atLeast } from '../api';
import { LiveIndicator, LiveProvider, useLive } from '../live';
import { session } from '../api';

/** The page's language follows the console's, for screen readers and the browser's hyphenation. */
export function useDocumentLanguage() {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
}

/** The officer's own password change; the menu closes as the page opens. */
const PasswordMenuItem = forwardRef<HTMLAnchorElement>(function PasswordMenuItem(props, ref) {
  const t = useTranslate();
  const menu = useUserMenu();
  return (
    <MenuItemLink
      ref={ref}
      {...props}
      to="/password"
      primaryText={t('app.password.menu')}
      leftIcon={<PasswordIcon />}
      onClick={() => menu?.onClose()}
    />
  );
});

/**
 * react-admin's user menu, its button named after what it shows: on a wide
 * screen the signed-in name is the button's text, so it is in its name too.
 */
function ConsoleUserMenu() {
  const t = useTranslate();
  const { identity } = useGetIdentity();
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('sm'));
  const name = wide && identity?.fullName ? `${t('ra.auth.user_menu')}: ${identity.fullName}` : undefined;
  return (
    <UserMenu label={name}>
      <PasswordMenuItem />
      <Logout />
    </UserMenu>
  );
}

const outreach = () => session.get()?.role === 'OUTREACH';

const Bar = () => (
  <AppBar
    userMenu={<ConsoleUserMenu />}
    toolbar={
      <>
        {/* The outreach desk follows nothing live: no indicator to say "offline". */}
        {!outreach() && <LiveIndicator />}
        {/* On a phone the language's name alone: the translate icon would push the menus off the screen. */}
        <Box
          component="span"
          sx={{
            '& .MuiButton-startIcon': { display: { xs: 'none', sm: 'inherit' } },
            '& .MuiButton-root': { minWidth: 0 },
          }}
        >
          <LocalesMenuButton />
        </Box>
        <ToggleThemeButton />
      </>
    }
  >
    {/*
      The page's title is its one h1 (each List, Show, Create and the dashboard
      fill it through react-admin's <Title>). A long title gives way to the
      toolbar instead of running under it; on a phone it takes two lines.
    */}
    <TitlePortal
      component="h1"
      sx={{
        minWidth: 0,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
        // react-admin wraps the title in an inline-block (its Configurable): one atomic box, which neither the
        // ellipsis nor the phone's two-line clamp can cut, so a long record title took seven lines on a phone and
        // the taller app bar covered the form's first field. As inline text both work.
        '& .RaConfigurable-root': { display: 'inline' },
        // On a phone a title of two short lines rather than one cut off.
        '@media (max-width: 599.95px)': {
          whiteSpace: 'normal',
          display: '-webkit-box',
          WebkitLineClamp: 2,
          WebkitBoxOrient: 'vertical',
          fontSize: '1rem',
          lineHeight: 1.2,
          overflowWrap: 'anywhere',
        },
      }}
    />
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
  const { permissions } = usePermissions();
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
      {/* Paper surveys are typed in by the helpdesk; the outreach desk has no such page. */}
      {atLeast(permissions, 'HELPDESK') && (
        <Menu.Item
          to="/skm/paper"
          primaryText={t('app.skm.menu_paper')}
          leftIcon={<EditNoteIcon />}
          data-testid="menu-skm-paper"
        />
      )}
      {atLeast(permissions, 'SUPERVISOR') && (
        <Menu.Item
          to="/skm"
          primaryText={t('app.skm.menu_report')}
          leftIcon={<AssessmentIcon />}
          data-testid="menu-skm-report"
        />
      )}
    </Menu>
  );
}

/** Rendered once signed in: the live connection lives as long as the session's layout. */
export const ConsoleLayout = (props: LayoutProps) => {
  useDocumentLanguage();
  return (
    <LiveProvider>
      <Layout {...props} appBar={Bar} menu={ConsoleMenu} />
    </LiveProvider>
  );
};
