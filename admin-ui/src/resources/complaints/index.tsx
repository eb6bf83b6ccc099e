import { useEffect, useRef, useState } from 'react';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField as MuiTextField,
  Theme,
  Typography,
  useMediaQuery,
} from '@mui/material';
import FeedbackIcon from '@mui/icons-material/Feedback';
import {
  Create,
  DatagridConfigurable,
  ReferenceInput,
  Labeled,
  List,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleList,
  SimpleShowLayout,
  TextField,
  TextInput,
  BooleanInput,
  required,
  useDataProvider,
  useInput,
  useRecordContext,
  useTranslate,
  FunctionField,
  Button as RaButton,
  useGetOne,
  useListContext,
  useNotify,
  useRefresh,
  useUnselectAll,
  Link,
} from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { session } from '../../api';
import { useLive } from '../../live';
import {
  ActionDialog,
  EnumField,
  enumChoices,
  ScrollBox,
  StatusChip,
  useConsoleAction,
  useEnumLabel,
  useSmallScreen,
  WibDate,
} from '../../components';
import { useFormat } from '../../format';
import { exporterFor, ExportListActions } from '../../export';
import type { ConsoleDataProvider } from '../../dataProvider';
import { Conversation } from './Conversation';
import { LaporClocks, LaporTrackingInput } from './Lapor';

const CHANNELS = enumChoices('ComplaintChannel', [
  'PHONE',
  'WHATSAPP',
  'EMAIL',
  'WALK_IN',
  'WEBSITE',
  'SP4N_LAPOR',
  'DROP_BOX',
]);
const CATEGORIES = enumChoices('ComplaintCategory', [
  'CODE_NOT_RECEIVED',
  'CANNOT_REGISTER',
  'LOST_ACCOUNT',
  'INACTIVE_EMAIL',
  'ACCESS_CANCELLED',
  'LOGIN_LOCKED',
  'OTHER',
]);
const STATUSES = enumChoices('ComplaintStatus', ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED']);

/**
 * The list's filters; "Pengaduan saya" is the complaints assigned to the signed-in officer, "Belum ditugaskan"
 * the queue of complaints nobody handles yet.
 */
function complaintFilters(t: (k: string) => string) {
  const me = session.get()?.id;
  return [
    <SearchInput source="q" alwaysOn key="q" />,
    <SelectInput source="status" choices={STATUSES} key="status" />,
    <SelectInput source="category" choices={CATEGORIES} key="category" />,
    <BooleanInput source="overdue" key="overdue" />,
    <ReferenceInput source="unitId" reference="serviceUnits" key="unitId">
      <SelectInput optionText="name" label={t('resources.complaints.fields.unit')} />
    </ReferenceInput>,
    // The switch's MUI negative margin would put it against the screen's edge on a phone.
    ...(me
      ? [<BooleanInput source="mine" label={t('lists.mine')} key="mine" alwaysOn sx={{ ml: { xs: 1.5, sm: 0 } }} />]
      : []),
    // The unassigned queue: complaints nobody handles yet.
    <BooleanInput
      source="unassigned"
      label={t('lists.unassigned')}
      key="unassigned"
      alwaysOn
      sx={{ ml: { xs: 1.5, sm: 0 } }}
    />,
    // The complaints the officer follows.
    <BooleanInput
      source="followed"
      label={t('lists.followed')}
      key="followed"
      alwaysOn
      sx={{ ml: { xs: 1.5, sm: 0 } }}
    />,
  ];
}

/** Runs one mutation per selected complaint; says how many worked and how many the server refused. */
function BulkButton({
  label,
  action,
  vars,
}: {
  label: string;
  action: 'assignComplaint' | 'closeComplaint';
  vars?: Record<string, unknown>;
}) {
  const { selectedIds, resource } = useListContext();
  const act = useConsoleAction(action);
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll(resource);
  const t = useTranslate();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    let ok = 0;
    const errors: string[] = [];
    for (const id of selectedIds) {
      try {
        await act({ id, ...vars });
        ok++;
      } catch (e: any) {
        errors.push(e.message);
      }
    }
    setBusy(false);
    notify(`${t('lists.bulkDone', { ok, failed: errors.length })}${errors.length ? `: ${errors[0]}` : ''}`, {
      type: errors.length ? 'warning' : 'success',
    });
    unselectAll();
    refresh();
  };
  return <RaButton label={label} onClick={run} disabled={busy} />;
}

function ComplaintBulkActions() {
  const t = useTranslate();
  const me = session.get()?.id;
  return (
    <>
      {me && <BulkButton label={t('lists.assignMe')} action="assignComplaint" vars={{ staffId: me }} />}
      <BulkButton label={t('lists.close')} action="closeComplaint" />
    </>
  );
}

function Ikm(_: { source?: string; label?: string; sortable?: boolean }) {
  const r = useRecordContext();
  const f = useFormat();
  return r?.satisfaction ? (
    <span>
      {f.number(r.satisfaction.ikm)} ({r.satisfaction.grade})
    </span>
  ) : (
    <span>–</span>
  );
}

function DueAt(_: { source?: string; label?: string; sortable?: boolean }) {
  const r = useRecordContext();
  const f = useFormat();
  return <span style={{ color: r?.overdue ? '#c62828' : undefined }}>{f.dateTime(r?.dueAt)}</span>;
}

/** Overdue complaints stand out in red; the assignee and the account by name, the account a link. */
/**
 * The list follows the complaints as they change (complaintUpdated): it
 * reloads on each change, and being on it clears the menu's badge.
 */
function FollowLive() {
  const { complaintTick, seenComplaints } = useLive();
  const refresh = useRefresh();
  const first = useRef(complaintTick);
  useEffect(() => {
    seenComplaints();
    if (complaintTick !== first.current) refresh();
  }, [complaintTick, seenComplaints, refresh]);
  return null;
}

/** Overdue in red; a complaint the officer follows that changed since the list was last seen, in amber. */
function useRowSx() {
  const { followedNews } = useLive();
  // Captured on arrival: being on the list clears the live set, the rows stay marked until the next visit.
  const [marked, setMarked] = useState<ReadonlySet<string>>(followedNews);
  useEffect(() => {
    if (followedNews.size) setMarked((m) => new Set([...m, ...followedNews]));
  }, [followedNews]);
  return (r: any) =>
    r.overdue
      ? { backgroundColor: '#fdecea' }
      : marked.has(r.id)
        ? { backgroundColor: '#fff4d6', boxShadow: 'inset 4px 0 0 #ed6c02' }
        : {};
}

export const ComplaintList = () => {
  const t = useTranslate();
  const word = useEnumLabel();
  const small = useSmallScreen();
  const rowSx = useRowSx();
  // Twelve columns do not fit a 1366 px laptop beside the menu: the channel, IKM and creation date start hidden
  // there (the columns button shows them again, and the choice is remembered).
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('xl'));
  return (
    <List
      filters={complaintFilters(t)}
      perPage={25}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={exporterFor('complaints')}
      actions={<ExportListActions create columns />}
    >
      <FollowLive />
      {small ? (
        <SimpleList
          rowClick="show"
          primaryText={(r) => `${r.number} · ${r.reporterName}`}
          tertiaryText={<StatusChip source="status" vocabulary="ComplaintStatus" />}
          secondaryText={(r) => (
            <>
              {word('ComplaintCategory', r.category)} · <DueAt /> · {r.assignee?.username ?? '–'}
            </>
          )}
          rowSx={rowSx}
        />
      ) : (
        <DatagridConfigurable
          rowClick="show"
          bulkActionButtons={<ComplaintBulkActions />}
          rowSx={rowSx}
          omit={wide ? [] : ['channel', 'satisfaction', 'createdAt']}
        >
          {/* The server lists complaints in its own order: no header sorts. */}
          <TextField source="number" sortable={false} sx={{ whiteSpace: 'nowrap' }} />
          <StatusChip source="status" vocabulary="ComplaintStatus" sortable={false} />
          <EnumField source="category" vocabulary="ComplaintCategory" sortable={false} />
          <EnumField source="channel" vocabulary="ComplaintChannel" sortable={false} />
          <TextField source="reporterName" sortable={false} />
          <FunctionField
            source="account"
            sortable={false}
            label={t('lists.account')}
            render={(r: any) =>
              r.account ? (
                <Link
                  to={`/accounts/${r.account.id}/show`}
                  onClick={(e: React.MouseEvent) => e.stopPropagation()}
                  data-testid="complaint-account"
                >
                  {r.account.fullName ?? r.account.username}
                </Link>
              ) : (
                '–'
              )
            }
          />
          <TextField source="assignee.username" label={t('lists.assignee')} emptyText="–" sortable={false} />
          <TextField source="unit.name" label={t('resources.complaints.fields.unit')} sortable={false} />
          <DueAt source="dueAt" sortable={false} />
          <Ikm source="satisfaction" label="resources.complaints.fields.satisfaction" sortable={false} />
          <WibDate source="createdAt" sortable={false} />
        </DatagridConfigurable>
      )}
    </List>
  );
};

/** Finds the caller's account by NIK inline and links it; the form keeps only its id. */
function AccountByNik() {
  const dataProvider = useDataProvider();
  const t = useTranslate();
  const word = useEnumLabel();
  const { field } = useInput({ source: 'accountId' });
  const [nik, setNik] = useState('');
  const [found, setFound] = useState<any>();
  const [message, setMessage] = useState<string>();
  const { getValues, setValue } = useFormContext();
  // Opened from an account page: the account comes linked (its id in the form), shown by name.
  const { data: preset } = useGetOne('accounts', { id: field.value }, { enabled: !!field.value && !found });
  const linked = found ?? (field.value ? preset : undefined);
  const look = async () => {
    setMessage(undefined);
    try {
      const { data } = await dataProvider.getList('accounts', {
        filter: { nik },
        pagination: { page: 1, perPage: 5 },
        sort: { field: 'createdAt', order: 'DESC' },
      });
      const a = data[0];
      setFound(a);
      field.onChange(a?.id ?? null);
      // The reporter is usually the account holder: prefilled, still editable.
      if (a?.fullName && !getValues('reporterName')) setValue('reporterName', a.fullName, { shouldDirty: true });
      if (!a) setMessage(t('app.no_account_for_nik'));
    } catch (e: any) {
      setMessage(e.message);
    }
  };
  return (
    <Box sx={{ mb: 2 }}>
      <Box sx={{ display: 'flex', flexDirection: 'row', gap: 1, alignItems: 'center' }}>
        <MuiTextField
          size="small"
          label={t('app.lookup_nik')}
          value={nik}
          onChange={(e) => setNik(e.target.value)}
          onKeyDown={(e) => {
            // Enter looks the NIK up instead of submitting the half-filled form.
            if (e.key === 'Enter') {
              e.preventDefault();
              void look();
            }
          }}
          slotProps={{ htmlInput: { 'data-testid': 'nik-lookup' } }}
        />
        <Button variant="outlined" onClick={look}>
          {t('ra.action.search')}
        </Button>
      </Box>
      {linked && (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="linked-account">
          {t('app.linked')}: {linked.username} – {linked.fullName ?? linked.companyName} (
          {word('AccountStatus', linked.status)})
        </Typography>
      )}
      {message && (
        <Typography variant="body2" color="error">
          {message}
        </Typography>
      )}
    </Box>
  );
}

export const ComplaintCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <AccountByNik />
      <SelectInput source="channel" choices={CHANNELS} validate={required()} defaultValue="PHONE" />
      <LaporTrackingInput />
      <SelectInput source="category" choices={CATEGORIES} validate={required()} />
      <TextInput source="reporterName" validate={required()} />
      <TextInput source="reporterContact" />
      <TextInput source="description" multiline minRows={3} fullWidth validate={required()} />
      <ReferenceInput source="unitId" reference="serviceUnits">
        <SelectInput optionText="name" helperText="resources.complaints.unitHint" />
      </ReferenceInput>
    </SimpleForm>
  </Create>
);

function ComplaintActions() {
  const r = useRecordContext();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const assign = useConsoleAction('assignComplaint');
  const roundRobin = useConsoleAction('assignComplaintRoundRobin');
  const follow = useConsoleAction('followComplaint');
  const unfollow = useConsoleAction('unfollowComplaint');
  const merge = useConsoleAction('mergeComplaints');
  const note = useConsoleAction('addComplaintNote');
  const resolve = useConsoleAction('resolveComplaint');
  const reopen = useConsoleAction('reopenComplaint');
  const close = useConsoleAction('closeComplaint');
  if (!r) return null;
  const id = r.id;
  const me = session.get()?.id;
  return (
    <Box sx={{ mb: 1 }}>
      {['OPEN', 'IN_PROGRESS'].includes(r.status) && me && (
        <ActionDialog label={t('app.actions.assign_me')} run={() => assign({ id, staffId: me })} />
      )}
      {['OPEN', 'IN_PROGRESS'].includes(r.status) && (
        <Button
          size="small"
          variant="outlined"
          sx={{ mr: 1, mb: 1 }}
          data-testid="assign-round-robin"
          onClick={async () => {
            try {
              const done = await roundRobin({ id });
              notify(t('app.actions.round_robin_done', { name: done?.assignee?.username ?? '' }), { type: 'success' });
              refresh();
            } catch (e: any) {
              notify(e.message, { type: 'warning' });
            }
          }}
        >
          {t('app.actions.round_robin')}
        </Button>
      )}
      <Button
        size="small"
        variant={r.followedByMe ? 'contained' : 'outlined'}
        sx={{ mr: 1, mb: 1 }}
        data-testid="follow-toggle"
        aria-pressed={!!r.followedByMe}
        onClick={async () => {
          try {
            await (r.followedByMe ? unfollow : follow)({ id });
            refresh();
          } catch (e: any) {
            notify(e.message, { type: 'warning' });
          }
        }}
      >
        {r.followedByMe ? t('app.actions.unfollow') : t('app.actions.follow')}
      </Button>
      {r.status !== 'CLOSED' && (
        <ActionDialog
          label={t('app.actions.merge')}
          color="warning"
          fields={[
            { name: 'target', label: t('app.actions.merge_target') },
            { name: 'reason', label: t('app.reason'), multiline: true },
          ]}
          run={async (v) => {
            const targetId = await dataProvider.complaintIdByNumber(v.target);
            if (!targetId) throw new Error(t('app.actions.merge_not_found', { number: v.target }));
            await merge({ sourceId: id, targetId, reason: v.reason });
          }}
        >
          <Typography variant="body2" color="text.secondary">
            {t('app.actions.merge_hint')}
          </Typography>
        </ActionDialog>
      )}
      {r.status !== 'CLOSED' && (
        <ActionDialog
          label={t('app.actions.add_note')}
          fields={[{ name: 'note', label: t('app.actions.note'), multiline: true }]}
          run={(v) => note({ id, note: v.note })}
        />
      )}
      {['OPEN', 'IN_PROGRESS'].includes(r.status) && (
        <ActionDialog
          label={t('app.actions.resolve')}
          color="success"
          fields={[{ name: 'resolution', label: t('app.actions.resolution'), multiline: true }]}
          run={(v) => resolve({ id, resolution: v.resolution })}
        />
      )}
      {r.status === 'RESOLVED' && (
        <>
          <ActionDialog
            label={t('app.actions.reopen')}
            color="warning"
            fields={[{ name: 'reason', label: t('app.reason'), multiline: true }]}
            run={(v) => reopen({ id, reason: v.reason })}
          />
          <ActionDialog label={t('app.actions.close')} run={() => close({ id })} />
        </>
      )}
    </Box>
  );
}

/** A merged complaint names (and links) the one it was merged into. */
function MergedInto() {
  const r = useRecordContext();
  if (!r?.mergedInto) return null;
  return (
    <Labeled source="mergedInto">
      <Link to={`/complaints/${r.mergedInto.id}/show`} data-testid="merged-into">
        {r.mergedInto.number}
      </Link>
    </Labeled>
  );
}

/**
 * Each step in words, by whom (a staff name, not an id); an assignment names
 * the assignee. On a phone each step is a short block (when, what, who, then
 * the note on its own lines) instead of four squeezed columns.
 */
function History(_: { label?: string }) {
  const r = useRecordContext();
  const f = useFormat();
  const word = useEnumLabel();
  const t = useTranslate();
  const small = useSmallScreen();
  if (!r?.history) return null;
  const detail = (h: any) =>
    h.assigneeName ? `→ ${h.assigneeName}` : h.kind === 'ASSIGNED' || h.kind === 'REMINDER' ? '' : (h.note ?? '');
  if (small) {
    return (
      <Box
        component="ol"
        data-testid="complaint-history"
        aria-label={t('resources.complaints.fields.history')}
        sx={{ listStyle: 'none', p: 0, m: 0 }}
      >
        {r.history.map((h: any, i: number) => (
          <Box component="li" key={i} sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Typography variant="caption" color="text.secondary" component="div">
              {f.dateTime(h.at)}
              {h.actorName ? ` · ${h.actorName}` : ''}
            </Typography>
            <Typography variant="body2" component="div" data-code={h.kind} sx={{ fontWeight: 500 }}>
              {word('ComplaintEvent', h.kind)}
            </Typography>
            {detail(h) && (
              <Typography variant="body2" component="div" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {detail(h)}
              </Typography>
            )}
          </Box>
        ))}
      </Box>
    );
  }
  return (
    <ScrollBox label={t('resources.complaints.fields.history')}>
      <Table size="small" data-testid="complaint-history">
        <TableBody>
          {r.history.map((h: any, i: number) => (
            <TableRow key={i}>
              <TableCell>{f.dateTime(h.at)}</TableCell>
              <TableCell data-code={h.kind}>{word('ComplaintEvent', h.kind)}</TableCell>
              <TableCell>{h.actorName ?? ''}</TableCell>
              <TableCell>{detail(h)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollBox>
  );
}

/** The reporter's contact stays masked until "tampilkan": that read is the one the audit log records. */
function ReporterContact() {
  const record = useRecordContext();
  const dataProvider = useDataProvider();
  const t = useTranslate();
  const [clear, setClear] = useState<string | null>(null);
  if (!record) return null;
  const reveal = async () => {
    const { data } = await dataProvider.getOne('complaints', { id: record.id, meta: { reveal: true } });
    setClear(data.reporterContact ?? null);
  };
  return (
    <Labeled source="reporterContact">
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <span data-testid="reporter-contact">{clear ?? record.reporterContact ?? '–'}</span>
        {record.reporterContact && clear == null && (
          <Button size="small" variant="outlined" onClick={() => void reveal()} data-testid="reveal-contact">
            {t('app.reveal')}
          </Button>
        )}
      </Box>
    </Labeled>
  );
}

export const ComplaintShow = () => (
  <Show>
    <SimpleShowLayout>
      <ComplaintActions />
      <Box sx={{ display: 'flex', flexDirection: 'row', flexWrap: 'wrap', gap: 3 }}>
        <Labeled source="number">
          <TextField source="number" />
        </Labeled>
        <Labeled source="status">
          <StatusChip source="status" vocabulary="ComplaintStatus" />
        </Labeled>
        <Labeled source="category">
          <EnumField source="category" vocabulary="ComplaintCategory" />
        </Labeled>
        <Labeled source="channel">
          <EnumField source="channel" vocabulary="ComplaintChannel" />
        </Labeled>
        <Labeled source="dueAt">
          <WibDate source="dueAt" />
        </Labeled>
        <LaporClocks />
        <Labeled source="unit">
          <TextField source="unit.name" />
        </Labeled>
        <Labeled source="followers">
          <FunctionField
            render={(r: any) => (
              <span data-testid="complaint-followers">
                {r.followers?.length ? r.followers.map((f: any) => f.username).join(', ') : '–'}
              </span>
            )}
          />
        </Labeled>
        <MergedInto />
        <Labeled source="satisfaction">
          <Ikm />
        </Labeled>
      </Box>
      <TextField source="reporterName" />
      <ReporterContact />
      <FunctionField
        source="accountId"
        render={(r: any) =>
          r.account ? (
            <Link to={`/accounts/${r.account.id}/show`} data-testid="complaint-account">
              {r.account.fullName ? `${r.account.username} – ${r.account.fullName}` : r.account.username}
            </Link>
          ) : (
            '–'
          )
        }
      />
      <TextField source="description" />
      <TextField source="resolution" emptyText="–" />
      <Conversation />
      <History label="resources.complaints.fields.history" />
    </SimpleShowLayout>
  </Show>
);

export default {
  list: ComplaintList,
  create: ComplaintCreate,
  show: ComplaintShow,
  icon: FeedbackIcon,
  recordRepresentation: (r: any) => r.number,
};
