import { ReactNode, useState } from 'react';
import { Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { gql } from './api';
import type { ConsoleAction, ConsoleDataProvider } from './dataProvider';
import { daysUntil, fmtDateTime } from './format';
import { useLiveStatus } from './live';

const STATUS_COLOR: Record<string, 'success' | 'warning' | 'default' | 'error' | 'info'> = {
  ACTIVE: 'success',
  SUSPENDED: 'warning',
  CANCELLED: 'default',
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
  CONFIRMED: 'success',
  EXPIRED: 'default',
};

/** A status as a coloured chip; for accounts it follows live status events. */
export function StatusChip({ source = 'status', live = false }: { source?: string; live?: boolean; label?: string }) {
  const record = useRecordContext();
  const status = useLiveStatus(live ? record?.id?.toString() : undefined, record?.[source]);
  if (!status) return null;
  return (
    <Chip size="small" label={status} color={STATUS_COLOR[status] ?? 'default'} data-testid={`status-${record?.id}`} />
  );
}

export function WibDate({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  return <span>{fmtDateTime(record?.[source])}</span>;
}

/** "berakhir dalam": days to the 30-day expiry, red under 7. */
export function DaysLeft(_: { label?: string; sortBy?: string }) {
  const record = useRecordContext();
  const t = useTranslate();
  const n = daysUntil(record?.expiresAt);
  if (n === null || record?.status !== 'ACTIVE') return <span>–</span>;
  return (
    <span style={{ color: n < 7 ? '#c62828' : undefined, fontWeight: n < 7 ? 600 : undefined }} data-testid="days-left">
      {n < 0 ? t('app.expired') : t('app.days', { n })}
    </span>
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
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <form onSubmit={submit}>
          <DialogTitle>{props.title ?? props.label}</DialogTitle>
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

export const mutate = gql;

/**
 * One console action (a custom data-provider method) as react-admin means
 * actions to run: through the data provider, with react-query's useMutation.
 */
export function useConsoleAction(action: ConsoleAction) {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { mutateAsync } = useMutation({
    mutationFn: (variables: Record<string, unknown>) => dataProvider[action](variables),
  });
  return mutateAsync;
}
