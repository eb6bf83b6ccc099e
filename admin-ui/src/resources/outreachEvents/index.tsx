import EventIcon from '@mui/icons-material/EventAvailable';
import {
  ArrayField,
  Create,
  CreateButton,
  Datagrid,
  DateInput,
  Edit,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  ReferenceArrayInput,
  SelectArrayInput,
  SimpleForm,
  SimpleList,
  TextField,
  TextInput,
  TopToolbar,
  maxValue,
  minValue,
  regex,
  required,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { EnumField, useSmallScreen, zoneLabel } from '../../components';
import { ExportMenuButton } from '../../export';

/**
 * Outreach ("jemput bola") events, planned by supervisors: a kelurahan, a
 * date and hours (local time of the kelurahan), the OUTREACH officers at the
 * desk, what applicants bring and a target. The list carries each event's
 * report: registrations started, completed, abandoned and in progress.
 */
function EventList() {
  const small = useSmallScreen();
  const t = useTranslate();
  const counts = (r: any) =>
    `${r.report?.started ?? 0} / ${r.report?.completed ?? 0} / ${r.report?.abandoned ?? 0} / ${r.targetCount}`;
  return (
    <List
      pagination={false}
      actions={
        <TopToolbar>
          <CreateButton />
          <ExportMenuButton />
        </TopToolbar>
      }
    >
      {small ? (
        <SimpleList
          rowClick="edit"
          primaryText={(r) => `${r.date} ${r.startTime}-${r.endTime} · ${r.villageName ?? r.villageCode}`}
          secondaryText={(r) =>
            `${t('resources.outreachEvents.fields.started')} / ${t('resources.outreachEvents.fields.completed')} / ` +
            `${t('resources.outreachEvents.fields.abandoned')} / ${t('resources.outreachEvents.fields.targetCount')}: ` +
            counts(r)
          }
        />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick="edit">
          <TextField source="date" />
          <FunctionField
            source="startTime"
            render={(r: any) => `${r.startTime}-${r.endTime} (${zoneLabel(r.timeZone)})`}
          />
          <TextField source="villageName" />
          <TextField source="unitName" />
          <FunctionField source="officerNames" render={(r: any) => r.officerNames.join(', ')} />
          <NumberField source="targetCount" />
          <NumberField source="report.started" label="resources.outreachEvents.fields.started" />
          <NumberField source="report.completed" label="resources.outreachEvents.fields.completed" />
          <NumberField source="report.abandoned" label="resources.outreachEvents.fields.abandoned" />
          <NumberField source="report.inProgress" label="resources.outreachEvents.fields.inProgress" />
        </Datagrid>
      )}
    </List>
  );
}

const HHMM = regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'JJ:MM');

function EventFields() {
  const t = useTranslate();
  // Editing: the officers of the event's own office, which may not be the supervisor's.
  const unitId = useRecordContext()?.unitId;
  return (
    <>
      <TextInput source="villageCode" validate={[required(), regex(/^\d{10}$/, '10 digit')]} />
      <DateInput source="date" validate={required()} />
      <TextInput
        source="startTime"
        type="time"
        validate={[required(), HHMM]}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextInput
        source="endTime"
        type="time"
        validate={[required(), HHMM]}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <ReferenceArrayInput source="officerIds" reference="outreachOfficers" queryOptions={{ meta: { unitId } }}>
        <SelectArrayInput
          optionText="username"
          label="resources.outreachEvents.fields.officerIds"
          validate={required()}
        />
      </ReferenceArrayInput>
      <TextInput
        source="requirementsText"
        multiline
        minRows={3}
        fullWidth
        helperText={t('resources.outreachEvents.requirementsHint')}
      />
      <NumberInput source="targetCount" validate={[required(), minValue(1), maxValue(10000)]} />
    </>
  );
}

/** The event's report by channel, under its form. */
function ChannelReport() {
  return (
    <ArrayField source="report.byChannel" label="resources.outreachEvents.report">
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <EnumField source="channel" vocabulary="VerificationChannel" />
        <NumberField source="started" label="resources.outreachEvents.fields.started" />
        <NumberField source="completed" label="resources.outreachEvents.fields.completed" />
        <NumberField source="abandoned" label="resources.outreachEvents.fields.abandoned" />
      </Datagrid>
    </ArrayField>
  );
}

const EventCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ startTime: '08:00', endTime: '14:00', targetCount: 50, requirementsText: '' }}>
      <EventFields />
    </SimpleForm>
  </Create>
);

const EventEdit = () => (
  <Edit redirect="list" mutationMode="pessimistic">
    <SimpleForm>
      <EventFields />
      <ChannelReport />
    </SimpleForm>
  </Edit>
);

export default { icon: EventIcon, list: EventList, create: EventCreate, edit: EventEdit };
