import HowToRegIcon from '@mui/icons-material/HowToReg';
import { Box, Typography } from '@mui/material';
import {
  Datagrid,
  FunctionField,
  List,
  RecordContextProvider,
  SelectInput,
  SimpleList,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { EnumField, enumChoices, StatusChip, useEnumLabel, useSmallScreen, WibDate } from '../../components';
import { useFormat } from '../../format';
import { FlowActions } from './FlowActions';
import { exporterFor, ExportListActions } from '../../export';

interface FlowMessage {
  id: string;
  template: string;
  status: string;
  providerStatus?: string | null;
  attempts: number;
  explanation?: string | null;
  createdAt: string;
  actions?: string[];
}

const STEPS = enumChoices('FlowStep', ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE', 'DONE', 'EXPIRED']);
const FLOW_ACTIONS = ['RESEND_REGISTRATION_CODE', 'CHANGE_REGISTRATION_DESTINATION'];

/**
 * What the server says can still be done for the flow: the actions any of its
 * messages offers (none once the flow no longer waits for a code, or where
 * the channel has no transport for a new one).
 */
export function flowActionsOf(flow: { messages?: FlowMessage[] } | undefined): string[] {
  const offered = new Set((flow?.messages ?? []).flatMap((m) => m.actions ?? []));
  return FLOW_ACTIONS.filter((a) => offered.has(a));
}

/** Every message of the flow, newest first: its fate and, when it failed, what to tell the caller. */
export function FlowMessages() {
  const r = useRecordContext();
  const t = useTranslate();
  const word = useEnumLabel();
  const f = useFormat();
  const messages = (r?.messages as FlowMessage[] | undefined) ?? [];
  if (!messages.length)
    return (
      <Typography component="span" variant="body2">
        {t('resources.registrations.noMessage')}
      </Typography>
    );
  return (
    <Box component="span" sx={{ display: 'block' }}>
      {messages.map((m) => (
        <Box component="span" key={m.id} sx={{ display: 'block', mb: 0.5 }} data-testid="flow-message">
          <RecordContextProvider value={m}>
            <StatusChip source="status" vocabulary="OutboxStatus" />
          </RecordContextProvider>
          <Typography component="span" variant="caption" sx={{ ml: 1 }}>
            {word('MessageTemplate', m.template)} · {f.dateTime(m.createdAt)}
          </Typography>
          {m.providerStatus ? (
            <Typography component="span" variant="caption" sx={{ ml: 1 }}>
              {t('resources.registrations.provider')}: {word('ProviderStatus', m.providerStatus)}
            </Typography>
          ) : null}
          <Typography component="span" variant="caption" sx={{ ml: 1 }}>
            {t('resources.registrations.attempts', { n: m.attempts })}
          </Typography>
          {m.explanation ? (
            <Typography
              component="span"
              variant="body2"
              color="error"
              data-testid="flow-explanation"
              sx={{ display: 'block', mt: 0.5, maxWidth: 420 }}
            >
              {m.explanation}
            </Typography>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}

/** The actions the server offers for the flow, if any. */
function RowActions(_: { label?: string }) {
  const r = useRecordContext();
  const actions = flowActionsOf(r as { messages?: FlowMessage[] } | undefined);
  if (!r || !actions.length) return null;
  return <FlowActions reference={String(r.id)} actions={actions} />;
}

/** On a phone: where the code went, its step, its dates, its messages and the actions. */
function PhoneRows() {
  const word = useEnumLabel();
  const f = useFormat();
  return (
    <SimpleList
      rowClick={false}
      primaryText={(r) => r.maskedDestination}
      tertiaryText={<StatusChip source="step" vocabulary="FlowStep" />}
      secondaryText={(r) => (
        <>
          {word('VerificationChannel', r.channel)} · {f.dateTime(r.createdAt)}
          <FlowMessages />
          <RowActions />
        </>
      )}
    />
  );
}

function RegistrationList() {
  const small = useSmallScreen();
  return (
    <List
      filters={[
        <TextInput source="q" alwaysOn key="q" label="resources.registrations.fields.q" />,
        <SelectInput source="step" choices={STEPS} key="step" />,
      ]}
      sort={{ field: 'createdAt', order: 'DESC' }}
      empty={false}
      exporter={exporterFor('registrations')}
      actions={<ExportListActions />}
    >
      {small ? (
        <PhoneRows />
      ) : (
        <Datagrid
          bulkActionButtons={false}
          rowClick={(_id, _r, rec: any) => (rec.accountId ? `/accounts/${rec.accountId}/show` : false)}
        >
          {/* The server lists flows newest first whatever the column: no header sorts. */}
          <StatusChip source="step" vocabulary="FlowStep" sortable={false} />
          <EnumField source="channel" vocabulary="VerificationChannel" sortable={false} />
          <TextField source="maskedDestination" sortable={false} />
          <WibDate source="createdAt" sortable={false} />
          <WibDate source="expiresAt" sortable={false} />
          <FunctionField source="messages" render={() => <FlowMessages />} sortable={false} />
          <RowActions label="app.actions.column" />
        </Datagrid>
      )}
    </List>
  );
}

/** Registrations the helpdesk can find before any account exists (the applicant who never finished). */
export default {
  icon: HowToRegIcon,
  recordRepresentation: 'maskedDestination',
  list: RegistrationList,
};
