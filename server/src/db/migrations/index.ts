import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_initial } from './Migration20261123000000_initial';
import { Migration20261123010000_recovery } from './Migration20261123010000_recovery';

/** Explicit list, so the same code runs from `src` (Jest, tsx) and from `dist`. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000000_initial', class: Migration20261123000000_initial },
  { name: 'Migration20261123010000_recovery', class: Migration20261123010000_recovery },
];
