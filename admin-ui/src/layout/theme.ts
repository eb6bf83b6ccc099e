import type { Theme } from '@mui/material';
import { defaultDarkTheme, defaultLightTheme, RaThemeOptions } from 'react-admin';

/**
 * react-admin's default theme with colours that keep WCAG AA contrast
 * (4.5:1 for text): a darker blue for links, labels and the app bar, an amber
 * and a blue dark enough to carry white chip text and to be read as button
 * text on white. `contrastThreshold` makes MUI pick each chip's and button's
 * text colour by the same 4.5:1 rule. The axe-core browser test checks every
 * page with it.
 */
/**
 * react-admin's row checkbox (Datagrid with bulk actions) hands its label to
 * the checkbox's wrapper, where it names nothing: it goes on the input instead.
 */
const components: RaThemeOptions['components'] = {
  // The page is as wide as the screen (react-admin lets it grow to its widest
  // table); a table wider than that scrolls inside its own box.
  RaLayout: { styleOverrides: { root: { minWidth: 0, '& .RaLayout-content': { minWidth: 0 } } } },
  // A status chip after a phone row's first line keeps its distance from the text.
  RaSimpleList: { styleOverrides: { root: { '& .MuiListItemText-primary .MuiChip-root': { marginLeft: 8 } } } },
  // Filters and buttons above a list wrap to a second line rather than run off the screen.
  RaListToolbar: {
    styleOverrides: { root: ({ theme }: { theme: Theme }) => ({ [theme.breakpoints.up('sm')]: { flexWrap: 'wrap' } }) },
  },
  RaTopToolbar: {
    styleOverrides: {
      root: ({ theme }: { theme: Theme }) => ({
        [theme.breakpoints.up('sm')]: { flexWrap: 'wrap', marginLeft: 'auto' },
      }),
    },
  },
  RaList: { styleOverrides: { root: { '& .RaList-main, & .RaList-content': { minWidth: 0 } } } },
  RaShow: { styleOverrides: { root: { '& .RaShow-card': { minWidth: 0 } } } },
  RaCreate: { styleOverrides: { root: { '& .RaCreate-card': { minWidth: 0 } } } },
  RaDatagrid: { styleOverrides: { root: { '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } } } },
  // A long email address in a phone list breaks instead of widening the page.
  MuiListItemText: { styleOverrides: { root: { overflowWrap: 'anywhere' } } },
  MuiCheckbox: {
    defaultProps: {
      slotProps: {
        root: () => ({ 'aria-label': undefined }) as object,
        input: (owner: { 'aria-label'?: string }) => (owner['aria-label'] ? { 'aria-label': owner['aria-label'] } : {}),
      },
    },
  },
};

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  components: {
    ...defaultLightTheme.components,
    ...components,
    // An edit form's toolbar a shade lighter than react-admin's grey[300]: its red "Hapus" reads at 5.2:1, not 4.3:1.
    RaToolbar: { styleOverrides: { root: { backgroundColor: '#f5f5f5' } } },
  },
  palette: {
    ...defaultLightTheme.palette,
    contrastThreshold: 4.5,
    primary: { main: '#0b5cad' },
    // react-admin paints the app bar in the secondary colour.
    secondary: { light: '#4f83cc', main: '#0d47a1', dark: '#002171', contrastText: '#fff' },
    warning: { main: '#b45309' },
    info: { main: '#0369a1' },
    success: { main: '#2e7d32' },
    error: { main: '#c62828' },
  },
};

export const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  components: { ...defaultDarkTheme.components, ...components },
  palette: { ...defaultDarkTheme.palette, contrastThreshold: 4.5 },
};
