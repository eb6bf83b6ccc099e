import { useState } from 'react';
import { Alert, Box, Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
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
  Link,
} from 'react-admin';
import { useParams } from 'react-router-dom';
import { atLeast } from '../../api';
import {
  ActionDialog,
  Actor,
  AuditDetails,
  DaysLeft,
  EnumField,
  useConsoleAction,
  ProvinceField,
  ScrollBox,
  StatusChip,
  useEnumLabel,
  useSmallScreen,
  WibDate,
} from '../../components';
import { useFormat } from '../../format';
import { MessageActions } from '../../messages/MessageActions';
import { useRememberAccount } from './recent';

/** A small table for nested lists (registration history, messages, requests, audit). */
function Rows({
  name,
  rows,
  columns,
}: {
  /** What the table holds, for a screen reader (not `label`: the tab would print it above the table). */
  name: string;
  rows?: any[];
  columns: [string, (r: any) => React.ReactNode][];
}) {
  const small = useSmallScreen();
  if (!rows?.length)
    return (
      <Typography variant="body2" color="text.secondary">
        –
      </Typography>
    );
  // On a phone each row is a block of "column: value" lines, every value in view.
  if (small)
    return (
      <Box component="ul" aria-label={name} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {rows.map((r, i) => (
          <Box component="li" key={r.id ?? i} sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Box component="dl" sx={{ m: 0 }}>
              {columns.map(([h, cell]) => (
                <Box key={h} sx={{ display: 'flex', gap: 1, alignItems: 'baseline' }}>
                  <Typography component="dt" variant="caption" color="text.secondary" sx={{ flex: '0 0 7rem' }}>
                    {h}
                  </Typography>
                  <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
                    {cell(r)}
                  </Typography>
                </Box>
              ))}
            </Box>
          </Box>
        ))}
      </Box>
    );
  return (
    <ScrollBox label={name}>
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
    </ScrollBox>
  );
}

function Actions() {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  const t = useTranslate();
  const changeEmail = useConsoleAction('changeAccountEmail');
  const resend = useConsoleAction('resendActivation');
  const unlock = useConsoleAction('unlockLogin');
  const extend = useConsoleAction('extendAccountExpiry');
  const suspend = useConsoleAction('suspendAccount');
  const reactivate = useConsoleAction('reactivateAccount');
  if (!record) return null;
  const id = record.id;
  const reason = { name: 'reason', label: t('app.reason'), multiline: true };
  return (
    <Box sx={{ p: 2, pb: 0 }}>
      <ActionDialog
        label={t('app.actions.change_email')}
        fields={[{ name: 'newEmail', label: t('app.actions.new_email'), type: 'email' }, reason]}
        run={(v) => changeEmail({ id, newEmail: v.newEmail, reason: v.reason })}
      />
      <ActionDialog label={t('app.actions.resend')} fields={[reason]} run={(v) => resend({ id, reason: v.reason })} />
      <ActionDialog label={t('app.actions.unlock')} fields={[reason]} run={(v) => unlock({ id, reason: v.reason })} />
      {atLeast(permissions, 'SUPERVISOR') && record.status === 'ACTIVE' && record.expiresAt && (
        <ActionDialog
          label={t('app.actions.extend')}
          fields={[{ name: 'days', label: t('app.actions.days'), type: 'number' }, reason]}
          run={(v) => extend({ id, days: Number(v.days), reason: v.reason })}
        />
      )}
      {atLeast(permissions, 'SUPERVISOR') && record.status === 'ACTIVE' && (
        <ActionDialog
          label={t('app.actions.suspend')}
          color="warning"
          fields={[reason]}
          run={(v) => suspend({ id, reason: v.reason })}
        />
      )}
      {atLeast(permissions, 'SUPERVISOR') && record.status === 'SUSPENDED' && (
        <ActionDialog
          label={t('app.actions.reactivate')}
          color="success"
          fields={[reason]}
          run={(v) => reactivate({ id, reason: v.reason })}
        />
      )}
    </Box>
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
  const f = useFormat();
  const word = useEnumLabel();
  const { permissions } = usePermissions();
  /** A column header from the resource's field labels. */
  const h = (resource: string, field: string) => t(`resources.${resource}.fields.${field}`);
  useRememberAccount(record?.id);
  if (!record) return null;
  return (
    <RecordContextProvider value={record}>
      <Box sx={{ minWidth: 0, maxWidth: '100%' }}>
        <Actions />
        {record.processingRestricted && (
          <Alert severity="warning" sx={{ m: 2 }} data-testid="processing-restricted">
            {t('app.consent.restricted', { since: f.dateTime(record.processingRestrictedAt) })}
          </Alert>
        )}
        {record.loginLock?.locked && (
          <Alert severity="warning" sx={{ m: 2 }}>
            {t('app.actions.unlock')}: {f.dateTime(record.loginLock.lockedUntil)}
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
                <EnumField source="scale" vocabulary="BusinessScale" />
              </Labeled>
              {record.nonUmkKind && (
                <Labeled source="nonUmkKind">
                  <EnumField source="nonUmkKind" vocabulary="NonUmkKind" />
                </Labeled>
              )}
              <Labeled source="actorType">
                <EnumField source="actorType" vocabulary="ActorType" />
              </Labeled>
              {record.entityType && (
                <Labeled source="entityType">
                  <EnumField source="entityType" vocabulary="EntityType" />
                </Labeled>
              )}
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
                <ProvinceField source="provinceCode" />
              </Labeled>
              {/* The terms and privacy notice accepted (UU PDP), and a newer one still to accept. */}
              <Labeled label={t('resources.accounts.fields.consent')}>
                <Typography variant="body2" data-testid="consent">
                  {record.consent
                    ? `${t('app.consent.version', { version: record.consent.version })} · ${f.dateTime(
                        record.consent.acceptedAt,
                      )} · ${word('ConsentChannel', record.consent.channel)}${
                        record.consent.withdrawnAt
                          ? ` · ${t('app.consent.withdrawn', { at: f.dateTime(record.consent.withdrawnAt) })}`
                          : ''
                      }`
                    : t('app.consent.none')}
                </Typography>
              </Labeled>
              {record.consentRequired && (
                <Labeled label={t('resources.accounts.fields.consentRequired')}>
                  <Chip
                    color="warning"
                    size="small"
                    data-testid="consent-required"
                    sx={{ alignSelf: 'flex-start' }}
                    label={t('app.consent.version', { version: record.consentRequired.version })}
                  />
                </Labeled>
              )}
              {/* Retention (UU PDP): when a cancelled account's personal data goes, or went. */}
              {record.personalDataRemovalAt && (
                <Labeled source="personalDataRemovalAt">
                  <WibDate source="personalDataRemovalAt" />
                </Labeled>
              )}
              {record.anonymisedAt && (
                <Labeled source="anonymisedAt">
                  <WibDate source="anonymisedAt" />
                </Labeled>
              )}
            </Box>
            {record.consentRequired && (
              <Alert severity="info" sx={{ mb: 1 }}>
                {t('app.consent.pending', { version: record.consentRequired.version })}
              </Alert>
            )}
            {record.warnings?.length > 0 && <Alert severity="info">{record.warnings.join(' ')}</Alert>}
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.registration')} path="registration">
            <Rows
              name={t('app.tabs.registration')}
              rows={record.registrations}
              columns={[
                [h('registrations', 'step'), (r) => word('FlowStep', r.step)],
                [
                  h('registrations', 'channel'),
                  (r) => `${word('VerificationChannel', r.channel)} ${r.maskedDestination}`,
                ],
                [h('registrations', 'sends'), (r) => f.number(r.sends)],
                [h('registrations', 'wrongTries'), (r) => f.number(r.wrongTries)],
                [h('registrations', 'createdAt'), (r) => f.dateTime(r.createdAt)],
                [h('registrations', 'verifiedAt'), (r) => f.dateTime(r.verifiedAt)],
                [h('registrations', 'completedAt'), (r) => f.dateTime(r.completedAt)],
              ]}
            />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.messages')} path="messages">
            <Rows
              name={t('app.tabs.messages')}
              rows={record.messages}
              columns={[
                [h('outboxMessages', 'template'), (r) => word('MessageTemplate', r.template)],
                [h('outboxMessages', 'channel'), (r) => word('VerificationChannel', r.channel)],
                [
                  h('outboxMessages', 'status'),
                  (r) => (
                    <RecordContextProvider value={r}>
                      <StatusChip vocabulary="OutboxStatus" />
                    </RecordContextProvider>
                  ),
                ],
                [h('outboxMessages', 'attempts'), (r) => f.number(r.attempts)],
                [h('outboxMessages', 'lastError'), (r) => r.explanation ?? r.lastError ?? '–'],
                [h('outboxMessages', 'providerStatus'), (r) => word('ProviderStatus', r.providerStatus)],
                [h('outboxMessages', 'providerId'), (r) => r.providerId ?? '–'],
                [h('outboxMessages', 'createdAt'), (r) => f.dateTime(r.createdAt)],
                [t('app.actions.column'), (r) => <MessageActions message={r} />],
              ]}
            />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.email_changes')} path="email-changes">
            <Rows
              name={t('app.tabs.email_changes')}
              rows={record.emailChangeRequests}
              columns={[
                [
                  h('emailChangeRequests', 'status'),
                  (r) => (
                    <RecordContextProvider value={r}>
                      <StatusChip vocabulary="EmailChangeStatus" />
                    </RecordContextProvider>
                  ),
                ],
                [h('emailChangeRequests', 'newEmail'), (r) => r.newEmail],
                [h('emailChangeRequests', 'source'), (r) => word('EmailChangeSource', r.source)],
                [h('emailChangeRequests', 'reason'), (r) => r.reason ?? '–'],
                [h('emailChangeRequests', 'createdAt'), (r) => f.dateTime(r.createdAt)],
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
              name={t('app.tabs.complaints')}
              rows={record.complaints}
              columns={[
                [h('complaints', 'number'), (r) => <Link to={`/complaints/${r.id}/show`}>{r.number}</Link>],
                [
                  h('complaints', 'status'),
                  (r) => (
                    <RecordContextProvider value={r}>
                      <StatusChip vocabulary="ComplaintStatus" />
                    </RecordContextProvider>
                  ),
                ],
                [h('complaints', 'category'), (r) => word('ComplaintCategory', r.category)],
                [
                  h('complaints', 'dueAt'),
                  (r) => <span style={{ color: r.overdue ? '#c62828' : undefined }}>{f.dateTime(r.dueAt)}</span>,
                ],
              ]}
            />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label={t('app.tabs.audit')} path="audit">
            {/* The tab shows the newest 100 rows; the audit log (SUPERVISOR+) pages through every one. */}
            {atLeast(permissions, 'SUPERVISOR') && (
              <Box sx={{ mb: 1 }}>
                <Link
                  to={`/auditEvents?filter=${encodeURIComponent(JSON.stringify({ accountId: record.id }))}`}
                  data-testid="audit-for-account"
                >
                  {t('lists.allAudit')}
                </Link>
              </Box>
            )}
            <Rows
              name={t('app.tabs.audit')}
              rows={record.auditTrail}
              columns={[
                [h('auditEvents', 'at'), (r) => f.dateTime(r.at)],
                [h('auditEvents', 'action'), (r) => word('AuditAction', r.action)],
                [h('auditEvents', 'actorType'), (r) => <Actor r={r} />],
                [h('auditEvents', 'ip'), (r) => r.ip ?? '–'],
                [h('auditEvents', 'details'), (r) => <AuditDetails details={r.details} names={r.staffNames} />],
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
