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
];
