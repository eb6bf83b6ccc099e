import { Labeled, TextField, TextInput, useRecordContext } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { WibDate } from '../../components';

/** The LAPOR! tracking id, asked only when the complaint came through SP4N-LAPOR!. */
export function LaporTrackingInput() {
  const channel = useWatch({ name: 'channel' });
  return channel === 'SP4N_LAPOR' ? <TextInput source="laporTrackingId" /> : null;
}

/** A LAPOR! complaint's tracking id and LAPOR!'s own clocks (3 working days to forward, 5 to follow up). */
export function LaporClocks() {
  const r = useRecordContext();
  if (r?.channel !== 'SP4N_LAPOR') return null;
  return (
    <>
      <Labeled source="laporTrackingId">
        <TextField source="laporTrackingId" emptyText="–" />
      </Labeled>
      <Labeled source="laporForwardDueAt">
        <WibDate source="laporForwardDueAt" />
      </Labeled>
      <Labeled source="laporFollowUpDueAt">
        <WibDate source="laporFollowUpDueAt" />
      </Labeled>
    </>
  );
}
