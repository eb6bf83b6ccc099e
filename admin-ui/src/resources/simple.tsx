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
import MailIcon from '@mui/icons-material/MarkEmailRead';
import OutboxIcon from '@mui/icons-material/Outbox';
import PolicyIcon from '@mui/icons-material/Policy';
import BadgeIcon from '@mui/icons-material/Badge';
import QRCode from 'qrcode';
import {
  BooleanField,
  Datagrid,
  FunctionField,
  List,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { gql } from '../api';
import { ActionDialog, mutate, StatusChip, WibDate } from '../components';

function DecideButtons() {
  const r = useRecordContext();
  const t = useTranslate();
  if (r?.status !== 'OPEN' && r?.status !== 'APPROVED') return null;
  const cancel = (
    <ActionDialog
      label={t('app.actions.cancelRequest')}
      color="warning"
      fields={[{ name: 'reason', label: t('app.reason') }]}
      run={(v) =>
        mutate('mutation($id: ID!, $r: String!) { cancelEmailChange(id: $id, reason: $r) { id } }', {
          id: r.id,
          r: v.reason,
        })
      }
    />
  );
  // An approved request waits for the new address to confirm: until then staff can still stop it.
  if (r.status === 'APPROVED') return <Box onClick={(e) => e.stopPropagation()}>{cancel}</Box>;
  return (
    <Box onClick={(e) => e.stopPropagation()}>
      <ActionDialog
        label={t('app.actions.approve')}
        color="success"
        fields={[{ name: 'note', label: t('app.actions.note'), required: false }]}
        run={(v) =>
          mutate('mutation($id: ID!, $n: String) { approveEmailChange(id: $id, note: $n) { id } }', {
            id: r.id,
            n: v.note || null,
          })
        }
      />
      <ActionDialog
        label={t('app.actions.reject')}
        color="error"
        fields={[{ name: 'reason', label: t('app.reason') }]}
        run={(v) =>
          mutate('mutation($id: ID!, $r: String!) { rejectEmailChange(id: $id, reason: $r) { id } }', {
            id: r.id,
            r: v.reason,
          })
        }
      />
      {cancel}
    </Box>
  );
}

const ECR_STATUS = ['OPEN', 'APPROVED', 'REJECTED', 'CONFIRMED', 'EXPIRED', 'CANCELLED'].map((id) => ({
  id,
  name: id,
}));
export const emailChangeRequests = {
  icon: MailIcon,
  list: () => (
    <List
      filters={[<SelectInput source="status" choices={ECR_STATUS} alwaysOn key="s" />]}
      filterDefaultValues={{ status: 'OPEN' }}
      sort={{ field: 'createdAt', order: 'DESC' }}
    >
      <Datagrid
        bulkActionButtons={false}
        rowClick={(_id, _r, rec: any) => (rec.accountId ? `/accounts/${rec.accountId}/show` : false)}
      >
        <StatusChip source="status" />
        <TextField source="newEmail" />
        <TextField source="source" />
        <TextField source="reason" />
        <WibDate source="createdAt" />
        <DecideButtons />
      </Datagrid>
    </List>
  ),
};

function Redeliver() {
  const r = useRecordContext();
  const t = useTranslate();
  if (r?.status !== 'DEAD') return null;
  return (
    <ActionDialog
      label={t('app.actions.redeliver')}
      run={() => mutate('mutation($id: ID!) { redeliverMessage(id: $id) { id } }', { id: r.id })}
    />
  );
}
const MSG_STATUS = ['PENDING', 'SENT', 'FAILED', 'DEAD', 'HELD'].map((id) => ({ id, name: id }));
/** The text of a message (codes only for messages held on an install without transports). */
const MessageBody = () => {
  const r = useRecordContext();
  return (
    <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="message-body">
      {r?.body}
    </pre>
  );
};
export const outboxMessages = {
  icon: OutboxIcon,
  list: () => (
    <List
      filters={[
        <SelectInput source="status" choices={MSG_STATUS} alwaysOn key="s" />,
        <TextInput source="recipient" key="r" />,
      ]}
    >
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<MessageBody />}>
        <WibDate source="createdAt" />
        <StatusChip source="status" />
        <TextField source="channel" />
        <TextField source="recipient" />
        <TextField source="template" />
        <TextField source="subject" />
        <TextField source="attempts" />
        <TextField source="providerStatus" emptyText="–" />
        <FunctionField source="lastError" render={(r: any) => r.explanation ?? r.lastError ?? '–'} />
        <Redeliver />
      </Datagrid>
    </List>
  ),
};

export const auditEvents = {
  icon: PolicyIcon,
  list: () => (
    <List
      filters={[
        <TextInput source="action" key="a" alwaysOn />,
        <TextInput source="accountId" key="acc" />,
        <TextInput source="actorId" key="act" />,
      ]}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <WibDate source="at" />
        <TextField source="action" />
        <TextField source="actorType" />
        <TextField source="actorId" emptyText="–" />
        <TextField source="accountId" emptyText="–" />
        <TextField source="ip" emptyText="–" />
        <FunctionField
          source="details"
          render={(r: any) => <code style={{ fontSize: 12 }}>{JSON.stringify(r.details)}</code>}
        />
      </Datagrid>
    </List>
  ),
};

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
            Kata sandi sekali pakai: <code data-testid="one-time-password">{created.password}</code>
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
                  {r}
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
          <TextField source="role" />
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

export const staffUsers = { icon: BadgeIcon, list: StaffList };
