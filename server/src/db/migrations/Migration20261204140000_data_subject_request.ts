import { Migration } from '@mikro-orm/migrations';

/** Data-subject requests (UU PDP): the queue staff answer within the legal deadline. */
export class Migration20261204140000_data_subject_request extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence data_subject_request_number_seq;`);
    this.addSql(`create table data_subject_request (
      id uuid primary key,
      number varchar(32) not null unique,
      account_id uuid not null references account (id),
      kind varchar(32) not null,
      status varchar(16) not null default 'OPEN',
      details text null,
      via varchar(16) not null,
      filed_by uuid null,
      identity_check text null,
      assignee_id uuid null,
      created_at timestamptz not null,
      due_at timestamptz not null,
      decided_at timestamptz null,
      decided_by uuid null,
      reason text null
    );`);
    // The queue: undecided requests by deadline; an applicant's own requests.
    this.addSql(`create index data_subject_request_open_due on data_subject_request (due_at, id)
                   where status in ('OPEN', 'IN_PROGRESS');`);
    this.addSql(`create index data_subject_request_account on data_subject_request (account_id, created_at);`);
  }
}
