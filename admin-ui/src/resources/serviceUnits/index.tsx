import ApartmentIcon from '@mui/icons-material/Apartment';
import {
  BooleanField,
  Create,
  CreateButton,
  Datagrid,
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
 * Service units: the national helpdesk and the regional DPMPTSP offices. An
 * officer of a regional unit sees that unit's complaints and SKM only; the
 * administrator adds units and moves staff between them (Staf page).
 */
function ServiceUnitList() {
  const small = useSmallScreen();
  const t = useTranslate();
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
          rowClick={false}
          primaryText={(r) => r.name}
          secondaryText={(r) =>
            r.national ? t('resources.serviceUnits.fields.national') : `${r.regionCode ?? ''} · ${r.regionName ?? ''}`
          }
        />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="name" />
          <TextField source="regionCode" label="resources.serviceUnits.fields.code" emptyText="–" />
          <TextField source="regionName" emptyText="–" />
          <BooleanField source="national" />
        </Datagrid>
      )}
    </List>
  );
}

const ServiceUnitCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="regionCode" validate={required()} />
    </SimpleForm>
  </Create>
);

export default { icon: ApartmentIcon, list: ServiceUnitList, create: ServiceUnitCreate };
