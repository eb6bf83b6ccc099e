import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_initial } from './Migration20261123000000_initial';
import { Migration20261123010000_recovery } from './Migration20261123010000_recovery';
import { Migration20261123020000_applicants } from './Migration20261123020000_applicants';
import { Migration20261123030000_verified_contacts } from './Migration20261123030000_verified_contacts';
import { Migration20261125000000_back_office } from './Migration20261125000000_back_office';
import { Migration20261125010000_lifecycle } from './Migration20261125010000_lifecycle';
import { Migration20261125020000_operations } from './Migration20261125020000_operations';
import { Migration20261202000000_metrics_daily } from './Migration20261202000000_metrics_daily';
import { Migration20261204010000_audit_chain } from './Migration20261204010000_audit_chain';
import { Migration20261204020000_staff_login } from './Migration20261204020000_staff_login';
import { Migration20261204060000_principal_events } from './Migration20261204060000_principal_events';
import { Migration20261204070000_health_probe } from './Migration20261204070000_health_probe';
import { Migration20261204080000_registration_reference } from './Migration20261204080000_registration_reference';
import { Migration20261204090000_provider_status } from './Migration20261204090000_provider_status';
import { Migration20261204100000_email_change_single } from './Migration20261204100000_email_change_single';
import { Migration20261204110000_director_nik } from './Migration20261204110000_director_nik';
import { Migration20261204120000_staff_demo } from './Migration20261204120000_staff_demo';
import { Migration20261204130000_consent } from './Migration20261204130000_consent';
import { Migration20261204140000_data_subject_request } from './Migration20261204140000_data_subject_request';
import { Migration20261204150000_processing_restriction } from './Migration20261204150000_processing_restriction';

/** Explicit list, so the same code runs from `src` (Jest, tsx) and from `dist`. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000000_initial', class: Migration20261123000000_initial },
  { name: 'Migration20261123010000_recovery', class: Migration20261123010000_recovery },
  { name: 'Migration20261123020000_applicants', class: Migration20261123020000_applicants },
  { name: 'Migration20261123030000_verified_contacts', class: Migration20261123030000_verified_contacts },
  { name: 'Migration20261125000000_back_office', class: Migration20261125000000_back_office },
  { name: 'Migration20261125010000_lifecycle', class: Migration20261125010000_lifecycle },
  { name: 'Migration20261125020000_operations', class: Migration20261125020000_operations },
  { name: 'Migration20261202000000_metrics_daily', class: Migration20261202000000_metrics_daily },
  { name: 'Migration20261204010000_audit_chain', class: Migration20261204010000_audit_chain },
  { name: 'Migration20261204020000_staff_login', class: Migration20261204020000_staff_login },
  { name: 'Migration20261204060000_principal_events', class: Migration20261204060000_principal_events },
  { name: 'Migration20261204070000_health_probe', class: Migration20261204070000_health_probe },
  { name: 'Migration20261204080000_registration_reference', class: Migration20261204080000_registration_reference },
  { name: 'Migration20261204090000_provider_status', class: Migration20261204090000_provider_status },
  { name: 'Migration20261204100000_email_change_single', class: Migration20261204100000_email_change_single },
  { name: 'Migration20261204110000_director_nik', class: Migration20261204110000_director_nik },
  { name: 'Migration20261204120000_staff_demo', class: Migration20261204120000_staff_demo },
  { name: 'Migration20261204130000_consent', class: Migration20261204130000_consent },
  {
    name: 'Migration20261204140000_data_subject_request',
    class: Migration20261204140000_data_subject_request,
  },
  {
    name: 'Migration20261204150000_processing_restriction',
    class: Migration20261204150000_processing_restriction,
  },
];
