import QuickreplyIcon from '@mui/icons-material/Quickreply';
import {
  BooleanField,
  BooleanInput,
  Create,
  CreateButton,
  Datagrid,
  Edit,
  List,
  SimpleForm,
  SimpleList,
  TextField,
  TextInput,
  TopToolbar,
  required,
  useTranslate,
} from 'react-admin';
import { useSmallScreen } from '../../components';
import { ExportMenuButton } from '../../export';

/**
 * Canned responses (balasan siap pakai), kept by supervisors: officers insert
 * one into a reply in one click. {nama} becomes the reporter's name and
 * {nomor} the complaint number; a retired one is kept but no longer offered.
 */
function TemplateList() {
  const small = useSmallScreen();
  const t = useTranslate();
  return (
    <List
      pagination={false}
      filter={{ includeInactive: true }}
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
          primaryText={(r) => r.title}
          secondaryText={(r) =>
            `${r.body} · ${t('resources.responseTemplates.fields.active')}: ${t(r.active ? 'app.yes' : 'app.no')}`
          }
        />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick="edit">
          <TextField source="title" />
          <TextField source="body" sx={{ whiteSpace: 'pre-wrap' }} />
          <BooleanField source="active" />
        </Datagrid>
      )}
    </List>
  );
}

function TemplateFields() {
  const t = useTranslate();
  return (
    <>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput
        source="body"
        validate={required()}
        multiline
        minRows={3}
        fullWidth
        helperText={t('resources.responseTemplates.placeholders')}
      />
    </>
  );
}

const TemplateCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <TemplateFields />
    </SimpleForm>
  </Create>
);

const TemplateEdit = () => (
  <Edit redirect="list" mutationMode="pessimistic">
    <SimpleForm>
      <TemplateFields />
      <BooleanInput source="active" />
    </SimpleForm>
  </Edit>
);

export default { icon: QuickreplyIcon, list: TemplateList, create: TemplateCreate, edit: TemplateEdit };
