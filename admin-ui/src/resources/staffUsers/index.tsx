import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
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
  TextField,
  TopToolbar,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { gql } from '../../api';
import { ActionDialog, EnumField, mutate, useEnumLabel, WibDate } from '../../components';

/** Shows the one-time password and the TOTP QR code of a created or re-keyed staff user. */
function Secrets({ created, onClose }: { created: any; onClose: () => void }) {
  const t = useTranslate();
  const [qr, setQr] = useState<string>();
  if (created?.otpauthUri && !qr) void QRCode.toDataURL(created.otpauthUri).then(setQr);
  return (
    <Dialog open={!!created} onClose={onClose}>
      <DialogTitle>{created?.staff?.username}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('app.created_staff')}
        </Alert>
        {created?.password && (
          <p>
            {t('app.one_time_password')}: <code data-testid="one-time-password">{created.password}</code>
          </p>
        )}
        {qr && <img src={qr} alt="TOTP QR" width={200} height={200} data-testid="totp-qr" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

function StaffRowActions({ onSecrets }: { onSecrets: (c: any) => void }) {
  const r = useRecordContext();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!r) return null;
  return (
    <Box>
      {r.active && (
        <ActionDialog
          label={t('app.actions.disable')}
          color="error"
          run={() => mutate('mutation($id: ID!) { disableStaff(id: $id) { id } }', { id: r.id })}
        />
      )}
      {r.active && (
        <Button
          size="small"
          onClick={() =>
            gql('mutation($id: ID!) { resetStaffTotp(id: $id) { staff { username } password otpauthUri } }', {
              id: r.id,
            }).then(
              (d) => {
                onSecrets(d.resetStaffTotp);
                refresh();
              },
              (e) => notify(e.message, { type: 'error' }),
            )
          }
        >
          {t('app.actions.reset_totp')}
        </Button>
      )}
    </Box>
  );
}

function CreateStaff({ onSecrets }: { onSecrets: (c: any) => void }) {
  const word = useEnumLabel();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const refresh = useRefresh();
  const t = useTranslate();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const d = await gql(
        'mutation($u: String!, $r: StaffRole!) { createStaff(username: $u, role: $r) { staff { username } password otpauthUri } }',
        { u: f.get('username'), r: f.get('role') },
      );
      setOpen(false);
      onSecrets(d.createStaff);
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
      <Dialog open={open} onClose={() => setOpen(false)}>
        <form onSubmit={submit}>
          <DialogTitle>{t('ra.action.create')}</DialogTitle>
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
              {['HELPDESK', 'SUPERVISOR', 'ADMIN'].map((r) => (
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

function StaffList() {
  const [secrets, setSecrets] = useState<any>();
  return (
    <>
      <List
        actions={
          <TopToolbar>
            <CreateStaff onSecrets={setSecrets} />
          </TopToolbar>
        }
        pagination={false}
      >
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="username" />
          <EnumField source="role" vocabulary="StaffRole" />
          <BooleanField source="active" />
          <BooleanField source="totpEnabled" />
          <WibDate source="lastLoginAt" />
          <StaffRowActions onSecrets={setSecrets} />
        </Datagrid>
      </List>
      <Secrets created={secrets} onClose={() => setSecrets(undefined)} />
    </>
  );
}

export default { icon: BadgeIcon, list: StaffList };
