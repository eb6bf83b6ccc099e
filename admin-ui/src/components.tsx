import { ReactNode, useEffect, useId, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Theme,
  Typography,
  useMediaQuery,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { ConsoleAction, ConsoleDataProvider } from './dataProvider';
import { daysUntil, useFormat } from './format';
import { enumLabel } from './i18n';
import { AUDIT_VALUE_VOCABULARIES as CODE_VALUES, enumsIndonesian } from './i18n/enums';
import { useProvinceName } from './regions';
import { useLiveStatus } from './live';

const STATUS_COLOR: Record<string, 'success' | 'warning' | 'default' | 'error' | 'info'> = {
  ACTIVE: 'success',
  SUSPENDED: 'warning',
  CANCELLED: 'default',
  LEGACY: 'info',
  OPEN: 'info',
  IN_PROGRESS: 'warning',
  RESOLVED: 'success',
  CLOSED: 'default',
  SENT: 'success',
  HELD: 'info',
  PENDING: 'default',
  FAILED: 'warning',
  DEAD: 'error',
  APPROVED: 'info',
  REJECTED: 'default',
  FULFILLED: 'success',
  REFUSED: 'default',
  CONFIRMED: 'success',
  EXPIRED: 'default',
};

/**
 * A phone or a narrow tablet: lists show react-admin's SimpleList (one block
 * per row, actions underneath) instead of a table wider than the screen.
 */
/** Indonesia's time zones by their everyday names. */
export const zoneLabel = (zone: string) =>
  ({ 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' })[zone] ?? zone;

export const useSmallScreen = () => useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));

/**
 * A table that may be wider than a phone: it scrolls inside this box, which a
 * keyboard can reach (tab to it, then the arrow keys) and a screen reader names.
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Box>
  );
}

/** The vocabularies of i18n/enums.ts (a GraphQL enum's name, or a console vocabulary for string codes). */
export type Vocabulary = keyof typeof enumsIndonesian;

/** The word for a code in the officer's language; the code itself when the table has no word for it. */
export function useEnumLabel() {
  const t = useTranslate();
  return (vocabulary: Vocabulary, code?: string | null) => enumLabel(t, vocabulary, code);
}

/** SelectInput choices for every code of a vocabulary, labelled through the translation table. */
export const enumChoices = (vocabulary: Vocabulary, only?: string[]) =>
  (only ?? Object.keys(enumsIndonesian[vocabulary])).map((id) => ({ id, name: `enums.${vocabulary}.${id}` }));

/** A code shown as a word (react-admin field: reads `source` from the record). */
export function EnumField({
  source,
  vocabulary,
  record: given,
}: {
  source: string;
  vocabulary: Vocabulary;
  label?: string;
  sortable?: boolean;
  record?: any;
}) {
  const context = useRecordContext();
  const label = useEnumLabel();
  const record = given ?? context;
  return (
    <Typography component="span" variant="body2" data-code={record?.[source] ?? ''}>
      {label(vocabulary, record?.[source])}
    </Typography>
  );
}

/** A status as a coloured chip with its word; for accounts it follows live status events. */
export function StatusChip({
  source = 'status',
  live = false,
  vocabulary = 'AccountStatus',
}: {
  source?: string;
  live?: boolean;
  label?: string;
  sortable?: boolean;
  vocabulary?: Vocabulary;
}) {
  const record = useRecordContext();
  const label = useEnumLabel();
  const status = useLiveStatus(live ? record?.id?.toString() : undefined, record?.[source]);
  if (!status) return null;
  return (
    <Chip
      size="small"
      label={label(vocabulary, status)}
      color={STATUS_COLOR[status] ?? 'default'}
      data-testid={`status-${record?.id}`}
      data-code={status}
    />
  );
}

export function WibDate({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const f = useFormat();
  return (
    <Typography component="span" variant="body2">
      {f.dateTime(record?.[source])}
    </Typography>
  );
}

/** Audit details as "Key: value" lines, keys and code values in words; personal data arrives masked. */
export function AuditDetails({
  details,
  names,
}: {
  details?: Record<string, unknown> | null;
  /** Staff usernames by id (the server's staffNames): shown instead of the ids. */
  names?: Record<string, string> | null;
}) {
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormat();
  // "from" before "to", the rest as stored
  const rank = (k: string) => (k === 'from' ? 0 : k === 'to' ? 1 : 2);
  const entries = Object.entries(details ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  if (!entries.length) return <span>–</span>;
  const word = (v: unknown): string => {
    if (v == null) return '–';
    if (Array.isArray(v)) return v.map(word).join(', ');
    if (typeof v === 'boolean') return t(v ? 'app.yes' : 'app.no');
    if (typeof v === 'number') return f.number(v);
    if (typeof v === 'object')
      return Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x != null)
        .map(([k, x]) => `${label('AuditDetail', k)}: ${word(x)}`)
        .join(', ');
    const s = String(v);
    if (names?.[s]) return names[s];
    if (/^\d{4}-\d{2}-\d{2}T/.test(s)) return f.dateTime(s);
    for (const vocabulary of CODE_VALUES) {
      const w = t(`enums.${vocabulary}.${s}`, { _: '' });
      if (w) return w;
    }
    return s;
  };
  return (
    <span style={{ fontSize: 12 }} data-testid="audit-details">
      {entries.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && ' · '}
          <b>{label('AuditDetail', k)}</b>: {word(v)}
        </span>
      ))}
    </span>
  );
}
/** Who did it: the kind of actor in words, and the staff user's name where there is one. */
export function Actor({ r }: { r: { actorType: string; actorId?: string | null; actorName?: string | null } }) {
  const word = useEnumLabel();
  const who = r.actorName ?? (r.actorType === 'SYSTEM' ? r.actorId : null);
  return <span data-testid="audit-actor">{`${word('AuditActorType', r.actorType)}${who ? `: ${who}` : ''}`}</span>;
}

/** A province code as its name (from the server's region data). */
export function ProvinceField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  const province = useProvinceName();
  return (
    <Typography component="span" variant="body2" data-testid="province" data-code={record?.[source] ?? ''}>
      {province(record?.[source])}
    </Typography>
  );
}

/** "berakhir dalam": days to the 30-day expiry, red under 7. */
export function DaysLeft(_: { label?: string; sortBy?: string }) {
  const record = useRecordContext();
  const t = useTranslate();
  const n = daysUntil(record?.expiresAt);
  if (n === null || record?.status !== 'ACTIVE') return <span>–</span>;
  return (
    <Typography
      component="span"
      variant="body2"
      sx={{ color: n < 7 ? '#c62828' : undefined, fontWeight: n < 7 ? 600 : undefined }}
      data-testid="days-left"
    >
      {n < 0 ? t('app.expired') : t('app.days', { n })}
    </Typography>
  );
}

export interface FieldSpec {
  name: string;
  label: string;
  type?: string;
  multiline?: boolean;
  required?: boolean;
}

/**
 * A button that opens a confirmation dialog with the fields an action needs
 * (a reason, always required where the server asks one), then runs one mutation.
 */
export function ActionDialog(props: {
  label: string;
  title?: string;
  fields?: FieldSpec[];
  run: (values: Record<string, string>) => Promise<unknown>;
  color?: 'primary' | 'error' | 'warning' | 'success';
  done?: string;
  variant?: 'text' | 'outlined' | 'contained';
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useTranslate();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(e.currentTarget).entries()) as Record<string, string>;
    setBusy(true);
    setError(undefined);
    try {
      await props.run(values);
      setOpen(false);
      notify(props.done ?? t('app.actions.done'), { type: 'success' });
      refresh();
    } catch (err: any) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="small"
        variant={props.variant ?? 'outlined'}
        color={props.color ?? 'primary'}
        onClick={() => setOpen(true)}
        sx={{ mr: 1, mb: 1 }}
      >
        {props.label}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm" aria-labelledby={titleId}>
        <form onSubmit={submit}>
          <DialogTitle id={titleId}>{props.title ?? props.label}</DialogTitle>
          <DialogContent>
            {props.children}
            {(props.fields ?? []).map((f) => (
              <TextField
                key={f.name}
                name={f.name}
                label={f.label}
                type={f.type}
                required={f.required !== false}
                multiline={f.multiline}
                minRows={f.multiline ? 2 : undefined}
                fullWidth
                margin="dense"
                autoFocus={f === props.fields![0]}
              />
            ))}
            {error && (
              <p role="alert" style={{ color: '#c62828' }}>
                {error}
              </p>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{t('ra.action.cancel')}</Button>
            <Button type="submit" variant="contained" color={props.color ?? 'primary'} disabled={busy}>
              {t('app.actions.confirm')}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}

/**
 * One console action (a custom data-provider method) as react-admin means
 * actions to run: through the data provider, with react-query's useMutation.
 */
export function useConsoleAction(action: ConsoleAction) {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { mutateAsync } = useMutation({
    mutationFn: (variables: Record<string, unknown>) => dataProvider[action](variables),
    // Nothing typed into an action (a reason, a password) stays in react-query's cache after it ran.
    gcTime: 0,
  });
  return mutateAsync;
}

/** "now", again every `everyMs` (30 s by default), so times left count down on an open page. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
