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
import { Migration20261204130000_complaint_messages } from './Migration20261204130000_complaint_messages';
import { Migration20261204130000_consent } from './Migration20261204130000_consent';
import { Migration20261204130000_skm_respondent } from './Migration20261204130000_skm_respondent';
import { Migration20261204140000_data_subject_request } from './Migration20261204140000_data_subject_request';
import { Migration20261204150000_audit_account_lists } from './Migration20261204150000_audit_account_lists';
import { Migration20261204150000_processing_restriction } from './Migration20261204150000_processing_restriction';
import { Migration20261204160000_data_export } from './Migration20261204160000_data_export';
import { Migration20261204160000_legacy_accounts } from './Migration20261204160000_legacy_accounts';
import { Migration20261204170000_breach_register } from './Migration20261204170000_breach_register';
import { Migration20261204180000_service_units } from './Migration20261204180000_service_units';
import { Migration20261204190000_email_threads } from './Migration20261204190000_email_threads';
import { Migration20261204191000_response_templates } from './Migration20261204191000_response_templates';
import { Migration20261204192000_staff_unit_principal } from './Migration20261204192000_staff_unit_principal';
import { Migration20261204193500_lapor_tracking } from './Migration20261204193500_lapor_tracking';
import { Migration20261204200000_sender_verified } from './Migration20261204200000_sender_verified';
import { Migration20261204210000_outreach_events } from './Migration20261204210000_outreach_events';
import { Migration20261204211000_complaint_helpdesk } from './Migration20261204211000_complaint_helpdesk';
import { Migration20261204212000_paper_survey } from './Migration20261204212000_paper_survey';
import { Migration20261204215000_name_search_index } from './Migration20261204215000_name_search_index';
import { Migration20261205040000_consent_withdrawal } from './Migration20261205040000_consent_withdrawal';
import { Migration20261205050000_npwp_one_form } from './Migration20261205050000_npwp_one_form';
import { Migration20261205080000_staff_password_change } from './Migration20261205080000_staff_password_change';
import { Migration20261205120000_name_search_pairs } from './Migration20261205120000_name_search_pairs';
import { Migration20261205130000_director_nik_statistics } from './Migration20261205130000_director_nik_statistics';
import { Migration20261205010000_complaint_search_without_contact } from './Migration20261205010000_complaint_search_without_contact';

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
  { name: 'Migration20261204130000_complaint_messages', class: Migration20261204130000_complaint_messages },
  { name: 'Migration20261204130000_consent', class: Migration20261204130000_consent },
  { name: 'Migration20261204130000_skm_respondent', class: Migration20261204130000_skm_respondent },
  { name: 'Migration20261204140000_data_subject_request', class: Migration20261204140000_data_subject_request },
  { name: 'Migration20261204150000_audit_account_lists', class: Migration20261204150000_audit_account_lists },
  { name: 'Migration20261204150000_processing_restriction', class: Migration20261204150000_processing_restriction },
  { name: 'Migration20261204160000_data_export', class: Migration20261204160000_data_export },
  { name: 'Migration20261204160000_legacy_accounts', class: Migration20261204160000_legacy_accounts },
  { name: 'Migration20261204170000_breach_register', class: Migration20261204170000_breach_register },
  { name: 'Migration20261204180000_service_units', class: Migration20261204180000_service_units },
  { name: 'Migration20261204190000_email_threads', class: Migration20261204190000_email_threads },
  { name: 'Migration20261204191000_response_templates', class: Migration20261204191000_response_templates },
  { name: 'Migration20261204192000_staff_unit_principal', class: Migration20261204192000_staff_unit_principal },
  { name: 'Migration20261204193500_lapor_tracking', class: Migration20261204193500_lapor_tracking },
  { name: 'Migration20261204200000_sender_verified', class: Migration20261204200000_sender_verified },
  { name: 'Migration20261204210000_outreach_events', class: Migration20261204210000_outreach_events },
  { name: 'Migration20261204211000_complaint_helpdesk', class: Migration20261204211000_complaint_helpdesk },
  { name: 'Migration20261204212000_paper_survey', class: Migration20261204212000_paper_survey },
  { name: 'Migration20261204215000_name_search_index', class: Migration20261204215000_name_search_index },
  {
    name: 'Migration20261205010000_complaint_search_without_contact',
    class: Migration20261205010000_complaint_search_without_contact,
  },
  { name: 'Migration20261205040000_consent_withdrawal', class: Migration20261205040000_consent_withdrawal },
  { name: 'Migration20261205050000_npwp_one_form', class: Migration20261205050000_npwp_one_form },
  {
    name: 'Migration20261205080000_staff_password_change',
    class: Migration20261205080000_staff_password_change,
  },
  { name: 'Migration20261205120000_name_search_pairs', class: Migration20261205120000_name_search_pairs },
  {
    name: 'Migration20261205130000_director_nik_statistics',
    class: Migration20261205130000_director_nik_statistics,
  },
];
