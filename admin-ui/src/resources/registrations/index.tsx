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
import { ActionDialog, mutate, StatusChip, WibDate } from '../../components';
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

const STEPS = ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE', 'DONE', 'EXPIRED'].map((id) => ({ id, name: id }));

/** The newest code message of the flow: its fate and, when it failed, what to tell the caller. */
function LastMessage() {
  const r = useRecordContext();
  const t = useTranslate();
  const m = (r?.messages as FlowMessage[] | undefined)?.[0];
  if (!m) return <Typography variant="body2">{t('resources.registrations.noMessage')}</Typography>;
  return (
    <Box data-testid="flow-message">
      <RecordContextProvider value={m}>
        <StatusChip source="status" />
      </RecordContextProvider>
      {m.providerStatus ? (
        <Typography component="span" variant="caption" sx={{ ml: 1 }}>
          {t('resources.registrations.provider')}: {m.providerStatus}
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

/**
 * What an officer can do for an applicant whose code never came: send a new
 * one (by the applicant's own countdown), or send it to another address or
 * number after checking who is calling. The code goes to the applicant.
 */
function FlowActions() {
  const r = useRecordContext();
  const t = useTranslate();
  if (!r || !['VERIFY_CODE'].includes(r.step as string)) return null;
  return (
    <Box onClick={(e) => e.stopPropagation()}>
      <ActionDialog
        label={t('resources.registrations.resend')}
        fields={[{ name: 'reason', label: t('app.reason') }]}
        run={(v) =>
          mutate('mutation($r: ID!, $why: String!) { resendRegistrationCode(reference: $r, reason: $why) { id } }', {
            r: r.id,
            why: v.reason,
          })
        }
      />
      <ActionDialog
        label={t('resources.registrations.sendElsewhere')}
        color="warning"
        fields={[
          { name: 'destination', label: t('resources.registrations.destination') },
          { name: 'reason', label: t('app.reason') },
        ]}
        run={(v) => {
          const to = v.destination.trim();
          const email = to.includes('@');
          return mutate(
            `mutation($r: ID!, $c: VerificationChannel!, $e: String, $p: String, $why: String!) {
              changeRegistrationDestination(reference: $r, channel: $c, email: $e, phone: $p, reason: $why) { id } }`,
            {
              r: r.id,
              c: email ? 'EMAIL' : 'WHATSAPP',
              e: email ? to : null,
              p: email ? null : to,
              why: v.reason,
            },
          );
        }}
      >
        <Typography variant="body2" sx={{ mb: 1 }}>
          {t('resources.registrations.elsewhereHint')}
        </Typography>
      </ActionDialog>
    </Box>
  );
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
        <StatusChip source="step" />
        <TextField source="channel" />
        <TextField source="maskedDestination" />
        <WibDate source="createdAt" />
        <WibDate source="expiresAt" />
        <FunctionField source="messages" render={() => <LastMessage />} sortable={false} />
        <FlowActions />
      </Datagrid>
    </List>
  ),
};
