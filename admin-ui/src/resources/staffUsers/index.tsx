import { useEffect, useId, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField as MuiTextField,
} from '@mui/material';
import BadgeIcon from '@mui/icons-material/Badge';
import QRCode from 'qrcode';
import {
  BooleanField,
  Datagrid,
  List,
  SimpleList,
  TopToolbar,
  useListContext,
  useNotify,
  useRecordContext,
  useRefresh,
  useGetList,
  useTranslate,
} from 'react-admin';
import { session } from '../../api';
import { ActionDialog, EnumField, useConsoleAction, useEnumLabel, useSmallScreen, WibDate } from '../../components';
import { useFormat } from '../../format';
import { ExportMenuButton } from '../../export';

/** Shows the one-time password and the TOTP QR code of a created or re-keyed staff user. */
function Secrets({ created, onClose }: { created: any; onClose: () => void }) {
  const t = useTranslate();
  const titleId = useId();
  // The QR code of this very secret: a later dialog (another user, a password only) never shows an earlier one.
  const [qr, setQr] = useState<{ uri: string; image: string }>();
  const uri: string | undefined = created?.otpauthUri ?? undefined;
  useEffect(() => {
    if (uri) void QRCode.toDataURL(uri).then((image) => setQr({ uri, image }));
  }, [uri]);
  const image = uri && qr?.uri === uri ? qr.image : undefined;
  return (
    <Dialog open={!!created} onClose={onClose} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{created?.staff?.username}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('app.created_staff')}
        </Alert>
        {created?.password && (
          <p>
            {t('app.one_time_password')}: <code data-testid="one-time-password">{created.password}</code>
          </p>
        )}
        {image && <img src={image} alt="TOTP QR" width={200} height={200} data-testid="totp-qr" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/** Roles that sign in with a TOTP code (the server refuses a TOTP reset for the others). */
const ROLES_WITH_TOTP = ['SUPERVISOR', 'ADMIN'];

/**
 * Actions on another staff user's row. An administrator's own row offers
 * none of them: disabling themself or re-keying their own TOTP would lock
 * them out (the server refuses both as well).
 */
function StaffRowActions({ onSecrets }: { onSecrets: (c: any) => void; label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const disable = useConsoleAction('disableStaff');
  const resetTotp = useConsoleAction('resetStaffTotp');
  const resetPassword = useConsoleAction('resetStaffPassword');
  if (!r || !r.active || r.id === session.get()?.id) return null;
  return (
    <Box component="span" sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center' }}>
      <ActionDialog label={t('app.actions.disable')} color="error" run={() => disable({ id: r.id })} />
      {ROLES_WITH_TOTP.includes(r.role) && (
        <ActionDialog
          label={t('app.actions.reset_totp')}
          color="warning"
          run={() => resetTotp({ id: r.id }).then(onSecrets)}
        >
          <Alert severity="info">{t('app.reset_totp_note', { username: r.username })}</Alert>
        </ActionDialog>
      )}
      <ActionDialog
        label={t('app.actions.reset_password')}
        color="warning"
        run={() => resetPassword({ id: r.id }).then(onSecrets)}
      >
        <Alert severity="info">{t('app.reset_password_note', { username: r.username })}</Alert>
      </ActionDialog>
    </Box>
  );
}

/** The seeded demo user, while active: a warning and a one-click disable. */
function DemoWarning() {
  const { data } = useListContext();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const disable = useConsoleAction('disableStaff');
  const demo = data?.find((s: any) => s.demo && s.active);
  if (!demo) return null;
  return (
    <Alert
      severity="warning"
      data-testid="demo-warning"
      sx={{ m: 1 }}
      action={
        <Button
          color="inherit"
          size="small"
          onClick={() =>
            disable({ id: demo.id }).then(
              () => {
                notify(t('app.actions.done'), { type: 'success' });
                refresh();
              },
              (e) => notify(e.message, { type: 'error' }),
            )
          }
        >
          {t('app.actions.disable_demo')}
        </Button>
      }
    >
      {t('app.demo_staff', { username: demo.username })}
    </Alert>
  );
}

/** The login name, with a "demo" chip on the seeded demo user. */
function StaffName(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  if (!r) return null;
  return (
    <span>
      <span>{r.username}</span>
      {r.demo && <Chip size="small" color="warning" label={t('app.demo_label')} sx={{ ml: 1 }} />}
      {r.active && r.passwordChangeRequired && (
        <Chip
          size="small"
          variant="outlined"
          label={t('app.password.pending')}
          sx={{ ml: 1 }}
          data-testid="password-pending"
        />
      )}
    </span>
  );
}

function CreateStaff({ onSecrets }: { onSecrets: (c: any) => void }) {
  const word = useEnumLabel();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const refresh = useRefresh();
  const t = useTranslate();
  const create = useConsoleAction('createStaff');
  const titleId = useId();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const created = await create({ username: f.get('username'), role: f.get('role') });
      setOpen(false);
      onSecrets(created);
      refresh();
    } catch (err: any) {
      setError(err.message);
    }
  };
  return (
    <>
      <Button variant="contained" size="small" onClick={() => setOpen(true)}>
        {t('ra.action.create')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={titleId}>
        <form onSubmit={submit}>
          <DialogTitle id={titleId}>{t('ra.action.create')}</DialogTitle>
          <DialogContent>
            <MuiTextField
              name="username"
              label={t('resources.staffUsers.fields.username')}
              required
              fullWidth
              margin="dense"
            />
            <MuiTextField
              name="role"
              select
              label={t('resources.staffUsers.fields.role')}
              defaultValue="HELPDESK"
              fullWidth
              margin="dense"
            >
              {['OUTREACH', 'HELPDESK', 'SUPERVISOR', 'ADMIN'].map((r) => (
                <MenuItem key={r} value={r}>
                  {word('StaffRole', r)}
                </MenuItem>
              ))}
            </MuiTextField>
            {error && <Alert severity="error">{error}</Alert>}
          </DialogContent>
          <DialogActions>
            <Button type="submit" variant="contained">
              {t('app.actions.confirm')}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}

/** The staff user's service unit; the administrator moves them with the select (takes effect on their next call). */
function StaffUnit(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const setUnit = useConsoleAction('setStaffUnit');
  const { data: units = [] } = useGetList('serviceUnits');
  if (!r) return null;
  return (
    <MuiTextField
      select
      size="small"
      variant="standard"
      value={units.length ? r.unit?.id : ''}
      slotProps={{ htmlInput: { 'aria-label': `${t('resources.staffUsers.fields.unit')} ${r.username}` } }}
      onChange={(e) =>
        setUnit({ staffId: r.id, unitId: e.target.value })
          .then(() => {
            notify('app.actions.done', { type: 'success' });
            refresh();
          })
          .catch((err: Error) => notify(err.message, { type: 'error' }))
      }
      sx={{ minWidth: 180 }}
    >
      {units.map((u) => (
        <MenuItem key={u.id} value={u.id}>
          {u.name}
        </MenuItem>
      ))}
    </MuiTextField>
  );
}

function StaffList() {
  const [secrets, setSecrets] = useState<any>();
  const small = useSmallScreen();
  const word = useEnumLabel();
  const f = useFormat();
  const t = useTranslate();
  return (
    <>
      <List
        actions={
          <TopToolbar>
            <CreateStaff onSecrets={setSecrets} />
            <ExportMenuButton />
          </TopToolbar>
        }
        pagination={false}
      >
        <DemoWarning />
        {small ? (
          <SimpleList
            rowClick={false}
            primaryText={<StaffName />}
            secondaryText={(r) => (
              <>
                {word('StaffRole', r.role)} · {t('resources.staffUsers.fields.active')}:{' '}
                {t(r.active ? 'app.yes' : 'app.no')} · {f.dateTime(r.lastLoginAt)}
                <StaffUnit />
                <StaffRowActions onSecrets={setSecrets} />
              </>
            )}
          />
        ) : (
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <StaffName label="resources.staffUsers.fields.username" />
            <EnumField source="role" vocabulary="StaffRole" />
            <BooleanField source="active" />
            <BooleanField source="totpEnabled" />
            <WibDate source="lastLoginAt" />
            <StaffUnit label="resources.staffUsers.fields.unit" />
            <StaffRowActions onSecrets={setSecrets} label="app.actions.column" />
          </Datagrid>
        )}
      </List>
      <Secrets created={secrets} onClose={() => setSecrets(undefined)} />
    </>
  );
}

export default { icon: BadgeIcon, list: StaffList };
