import { useState } from 'react';
import { Alert, Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import {
  Labeled,
  Show,
  TabbedShowLayout,
  TabbedShowLayoutTabs,
  TextField,
  useGetOne,
  usePermissions,
  useRecordContext,
  useTranslate,
  RecordContextProvider,
  useNotify,
  useRefresh,
  Link,
} from 'react-admin';
import { useParams } from 'react-router-dom';
import { atLeast } from '../../api';
import { ActionDialog, DaysLeft, mutate, StatusChip, WibDate } from '../../components';
import { fmtDateTime } from '../../format';
import { useRememberAccount } from './recent';

/** A small table for nested lists (registration history, messages, requests, audit). */
function Rows({ rows, columns }: { rows?: any[]; columns: [string, (r: any) => React.ReactNode][] }) {
  if (!rows?.length)
    return (
      <Typography variant="body2" color="text.secondary">
        –
      </Typography>
    );
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small">
        <TableHead>
          <TableRow>
            {columns.map(([h]) => (
              <TableCell key={h}>{h}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={r.id ?? i}>
              {columns.map(([h, cell]) => (
                <TableCell key={h}>{cell(r)}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function Actions() {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  const t = useTranslate();
  if (!record) return null;
  const id = record.id;
  const reason = { name: 'reason', label: t('app.reason'), multiline: true };
  return (
    <Box sx={{ p: 2, pb: 0 }}>
      <ActionDialog
        label={t('app.actions.change_email')}
        fields={[{ name: 'newEmail', label: t('app.actions.new_email'), type: 'email' }, reason]}
        run={(v) =>
          mutate(
            'mutation($id: ID!, $e: String!, $r: String!) { changeAccountEmail(id: $id, newEmail: $e, reason: $r) { id } }',
            { id, e: v.newEmail, r: v.reason },
          )
        }
      />
      <ActionDialog
        label={t('app.actions.resend')}
        fields={[reason]}
        run={(v) =>
          mutate('mutation($id: ID!, $r: String) { resendActivation(id: $id, reason: $r) }', { id, r: v.reason })
        }
      />
      <ActionDialog
        label={t('app.actions.unlock')}
        fields={[reason]}
        run={(v) =>
          mutate('mutation($id: ID!, $r: String) { unlockLogin(id: $id, reason: $r) { id } }', { id, r: v.reason })
        }
      />
      {atLeast(permissions, 'SUPERVISOR') && record.status === 'ACTIVE' && record.expiresAt && (
        <ActionDialog
          label={t('app.actions.extend')}
          fields={[{ name: 'days', label: t('app.actions.days'), type: 'number' }, reason]}
          run={(v) =>
            mutate(
              'mutation($id: ID!, $d: Int!, $r: String!) { extendAccountExpiry(id: $id, days: $d, reason: $r) { id } }',
              { id, d: Number(v.days), r: v.reason },
            )
          }
        />
      )}
      {atLeast(permissions, 'SUPERVISOR') && record.status === 'ACTIVE' && (
        <ActionDialog
          label={t('app.actions.suspend')}
          color="warning"
          fields={[reason]}
          run={(v) =>
            mutate('mutation($id: ID!, $r: String!) { suspendAccount(id: $id, reason: $r) { id } }', {
              id,
              r: v.reason,
            })
          }
        />
      )}
      {atLeast(permissions, 'SUPERVISOR') && record.status === 'SUSPENDED' && (
        <ActionDialog
          label={t('app.actions.reactivate')}
          color="success"
          fields={[reason]}
          run={(v) =>
            mutate('mutation($id: ID!, $r: String!) { reactivateAccount(id: $id, reason: $r) { id } }', {
              id,
              r: v.reason,
            })
          }
        />
      )}
    </Box>
  );
}

function Redeliver({ id }: { id: string }) {
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useTranslate();
  return (
    <Button
      size="small"
      onClick={() =>
        mutate('mutation($id: ID!) { redeliverMessage(id: $id) { id } }', { id }).then(
          () => {
            notify(t('app.actions.done'), { type: 'success' });
            refresh();
          },
          (e) => notify(e.message, { type: 'error' }),
        )
      }
    >
      {t('app.actions.redeliver')}
    </Button>
  );
}

/** NIK, email and phone stay masked until "tampilkan": that read is the one the audit log records. */
function Personal({ onReveal, revealed }: { onReveal: () => void; revealed: boolean }) {
  const t = useTranslate();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'row', flexWrap: 'wrap', gap: 3, alignItems: 'center' }}>
      <Labeled source="nik">
        <TextField source="nik" emptyText="–" />
      </Labeled>
      <Labeled source="email">
        <TextField source="email" emptyText="–" />
      </Labeled>
      <Labeled source="phone">
        <TextField source="phone" emptyText="–" />
      </Labeled>
      {!revealed && (
        <Button size="small" variant="outlined" onClick={onReveal} data-testid="reveal">
          {t('app.reveal')}
        </Button>
      )}
    </Box>
  );
}

function Detail() {
  const { id } = useParams();
  const [revealed, setRevealed] = useState(false);
  const { data: record } = useGetOne('accounts', { id: id!, meta: { reveal: revealed } });
  const t = useTranslate();
  useRememberAccount(record?.id);
  if (!record) return null;
  return (
    <RecordContextProvider value={record}>
      <Box sx={{ minWidth: 0, maxWidth: '100vw', overflowX: 'hidden' }}>
        <Actions />
        {record.loginLock?.locked && (
          <Alert severity="warning" sx={{ m: 2 }}>
            {t('app.actions.unlock')}: {fmtDateTime(record.loginLock.lockedUntil)}
          </Alert>
        )}
        <TabbedShowLayout record={record} tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" />}>
          <TabbedShowLayout.Tab label={t('app.tabs.profile')}>
            <Box sx={{ display: 'flex', flexDirection: 'row', flexWrap: 'wrap', gap: 3 }}>
              <Labeled source="username">
                <TextField source="username" />
              </Labeled>
              <Labeled source="status">
                <StatusChip live />
              </Labeled>
              <Labeled source="scale">
                <TextField source="scale" />
              </Labeled>
              <Labeled source="actorType">
                <TextField source="actorType" />
              </Labeled>
              <Labeled source="fullName">
                <TextField source="fullName" emptyText="–" />
              </Labeled>
              <Labeled source="companyName">
                <TextField source="companyName" emptyText="–" />
              </Labeled>
            </Box>
            <Personal revealed={revealed} onReveal={() => setRevealed(true)} />
            <Box sx={{ display: 'flex', flexDirection: 'row', flexWrap: 'wrap', gap: 3 }}>
              <Labeled source="activatedAt">
                <WibDate source="activatedAt" />
              </Labeled>
              <Labeled source="expiresAt">
                <WibDate source="expiresAt" />
              </Labeled>
              <Labeled label={t('app.days_left')}>
                <DaysLeft />
              </Labeled>
              <Labeled source="extendedDays">
                <TextField source="extendedDays" />
              </Labeled>
              <Labeled source="licensingStartedAt">
                <WibDate source="licensingStartedAt" />
              </Labeled>
              <Labeled source="nib">
                <TextField source="nib" emptyText="–" />
              </Labeled>
              <Labeled source="provinceCode">
                <TextField source="provinceCode" />
              </Labeled>
            </Box>
            {record.warnings?.length > 0 && <Alert severity="info">{record.warnings.join(' ')}</Alert>}
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.registration')} path="registration">
            <Rows
              rows={record.registrations}
              columns={[
                ['Langkah', (r) => r.step],
                ['Kanal', (r) => `${r.channel} ${r.maskedDestination}`],
                ['Kirim', (r) => r.sends],
                ['Salah', (r) => r.wrongTries],
                ['Mulai', (r) => fmtDateTime(r.createdAt)],
                ['Terverifikasi', (r) => fmtDateTime(r.verifiedAt)],
                ['Selesai', (r) => fmtDateTime(r.completedAt)],
              ]}
            />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.messages')} path="messages">
            <Rows
              rows={record.messages}
              columns={[
                ['Templat', (r) => r.template],
                ['Kanal', (r) => r.channel],
                [
                  'Status',
                  (r) => (
                    <RecordContextProvider value={r}>
                      <StatusChip />
                    </RecordContextProvider>
                  ),
                ],
                ['Percobaan', (r) => r.attempts],
                ['Galat', (r) => r.explanation ?? r.lastError ?? '–'],
                ['Penyedia', (r) => r.providerStatus ?? '–'],
                ['ID penyedia', (r) => r.providerId ?? '–'],
                ['Dibuat', (r) => fmtDateTime(r.createdAt)],
                ['', (r) => (r.status === 'DEAD' ? <Redeliver id={r.id} /> : null)],
              ]}
            />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.email_changes')} path="email-changes">
            <Rows
              rows={record.emailChangeRequests}
              columns={[
                ['Status', (r) => r.status],
                ['Email baru', (r) => r.newEmail],
                ['Sumber', (r) => r.source],
                ['Alasan', (r) => r.reason],
                ['Diajukan', (r) => fmtDateTime(r.createdAt)],
              ]}
            />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.complaints')} path="complaints">
            <Box sx={{ mb: 1 }}>
              <Link
                to={`/complaints/create?source=${encodeURIComponent(
                  JSON.stringify({ accountId: record.id, reporterName: record.fullName ?? record.companyName ?? '' }),
                )}`}
                data-testid="complaint-from-account"
              >
                {t('lists.newComplaint')}
              </Link>
            </Box>
            <Rows
              rows={record.complaints}
              columns={[
                ['Nomor', (r) => <Link to={`/complaints/${r.id}/show`}>{r.number}</Link>],
                ['Status', (r) => r.status],
                ['Kategori', (r) => r.category],
                [
                  'Batas',
                  (r) => <span style={{ color: r.overdue ? '#c62828' : undefined }}>{fmtDateTime(r.dueAt)}</span>,
                ],
              ]}
            />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.audit')} path="audit">
            <Rows
              rows={record.auditTrail}
              columns={[
                ['Waktu', (r) => fmtDateTime(r.at)],
                ['Tindakan', (r) => r.action],
                ['Pelaku', (r) => `${r.actorType} ${r.actorId ?? ''}`],
                ['IP', (r) => r.ip ?? '–'],
                ['Rincian', (r) => <code style={{ fontSize: 12 }}>{JSON.stringify(r.details)}</code>],
              ]}
            />
          </TabbedShowLayout.Tab>
        </TabbedShowLayout>
      </Box>
    </RecordContextProvider>
  );
}

export const AccountShow = () => (
  <Show component="div" queryOptions={{ meta: { reveal: false } }} sx={{ minWidth: 0 }}>
    <Detail />
  </Show>
);
