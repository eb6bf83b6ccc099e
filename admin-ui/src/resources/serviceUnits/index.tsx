import ApartmentIcon from '@mui/icons-material/Apartment';
import {
  BooleanField,
  Create,
  CreateButton,
  Datagrid,
  List,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  required,
} from 'react-admin';

/**
 * Service units: the national helpdesk and the regional DPMPTSP offices. An
 * officer of a regional unit sees that unit's complaints and SKM only; the
 * administrator adds units and moves staff between them (Staf page).
 */
const ServiceUnitList = () => (
  <List
    pagination={false}
    actions={
      <TopToolbar>
        <CreateButton />
      </TopToolbar>
    }
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="name" />
      <TextField source="regionCode" label="resources.serviceUnits.fields.code" emptyText="–" />
      <TextField source="regionName" emptyText="–" />
      <BooleanField source="national" />
    </Datagrid>
  </List>
);

const ServiceUnitCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="regionCode" validate={required()} />
    </SimpleForm>
  </Create>
);

export default { icon: ApartmentIcon, list: ServiceUnitList, create: ServiceUnitCreate };
