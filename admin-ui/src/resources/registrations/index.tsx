import HowToRegIcon from '@mui/icons-material/HowToReg';
import { Box, Typography } from '@mui/material';
import {
  Datagrid,
  FunctionField,
  List,
  RecordContextProvider,
  SelectInput,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { EnumField, enumChoices, StatusChip, useEnumLabel, WibDate } from '../../components';
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
  if (!m) return <Typography variant="body2">{t('resources.registrations.noMessage')}</Typography>;
  return (
    <Box data-testid="flow-message">
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
        <Typography variant="body2" color="error" data-testid="flow-explanation" sx={{ mt: 0.5, maxWidth: 420 }}>
          {m.explanation}
        </Typography>
      ) : null}
    </Box>
  );
}

/** The two actions while the flow still waits for a code. */
function RowActions() {
  const r = useRecordContext();
  if (!r || r.step !== 'VERIFY_CODE') return null;
  return <FlowActions reference={String(r.id)} />;
}

/** Registrations the helpdesk can find before any account exists (the applicant who never finished). */
export default {
  icon: HowToRegIcon,
  recordRepresentation: 'maskedDestination',
  list: () => (
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
        <RowActions />
      </Datagrid>
    </List>
  ),
};
