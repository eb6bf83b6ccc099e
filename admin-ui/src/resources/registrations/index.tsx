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
}

const STEPS = enumChoices('FlowStep', ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE', 'DONE', 'EXPIRED']);

/** The newest code message of the flow: its fate and, when it failed, what to tell the caller. */
export function LastMessage() {
  const r = useRecordContext();
  const t = useTranslate();
  const word = useEnumLabel();
  const m = (r?.messages as FlowMessage[] | undefined)?.[0];
  if (!m)
    return (
      <Typography component="span" variant="body2">
        {t('resources.registrations.noMessage')}
      </Typography>
    );
  return (
    <Box component="span" sx={{ display: 'block' }} data-testid="flow-message">
      <RecordContextProvider value={m}>
        <StatusChip source="status" vocabulary="OutboxStatus" />
      </RecordContextProvider>
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
  );
}

/** The two actions while the flow still waits for a code. */
function RowActions(_: { label?: string }) {
  const r = useRecordContext();
  if (!r || r.step !== 'VERIFY_CODE') return null;
  return <FlowActions reference={String(r.id)} />;
}

/** On a phone: where the code went, its step, its dates, the last message and the actions. */
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
          <LastMessage />
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
          <StatusChip source="step" vocabulary="FlowStep" />
          <EnumField source="channel" vocabulary="VerificationChannel" />
          <TextField source="maskedDestination" />
          <WibDate source="createdAt" />
          <WibDate source="expiresAt" />
          <FunctionField source="messages" render={() => <LastMessage />} sortable={false} />
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
