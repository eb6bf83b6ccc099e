import { Migration } from '@mikro-orm/migrations';

/**
 * A complaint's reporter contact is shown masked, so it leaves the complaint's
 * search text: a search inside it would rebuild the hidden digits one guess at
 * a time. The list finds a contact whole instead (any written form).
 */
export class Migration20261205010000_complaint_search_without_contact extends Migration {
  override async up(): Promise<void> {
    // The contact as the search text wrote it: lower case, characters outside letters, digits, @ . + - as spaces.
    this.addSql(`update complaint
      set search_text = trim(regexp_replace(
        replace(search_text, regexp_replace(lower(reporter_contact), '[^[:alnum:]@.+ -]', ' ', 'g'), ' '),
        '\\s+', ' ', 'g'))
      where reporter_contact is not null and reporter_contact <> ''`);
  }
}
