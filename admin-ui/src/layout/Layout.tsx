import { AppBar, Layout, LayoutProps, LocalesMenuButton, TitlePortal, ToggleThemeButton } from 'react-admin';
import { LiveIndicator, LiveProvider } from '../live';

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

/** Rendered once signed in: the live connection lives as long as the session's layout. */
export const ConsoleLayout = (props: LayoutProps) => (
  <LiveProvider>
    <Layout {...props} appBar={Bar} />
  </LiveProvider>
);
