import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../../shared/crypto';
import type { Clock } from '../../shared/clock';
import { maskPiiInText } from '../../domain/mask';
import { pgArray } from '../../shared/sql';
import type { Account } from '../account/account.entity';
import type { ThrottleService } from '../auth/throttle.service';

/**
 * The ways an identifier may be written where it was copied: as stored, in
 * lower case, and a phone as +62…, 62… and 0….
 */
export function writtenForms(identifiers: (string | null | undefined)[]): string[] {
  const forms = new Set<string>();
  for (const v of identifiers) {
    if (!v) continue;
    forms.add(v).add(v.toLowerCase());
    const phone = /^\+?62(8\d{7,12})$/.exec(v) ?? /^0(8\d{7,12})$/.exec(v);
    if (phone) forms.add(`+62${phone[1]}`).add(`62${phone[1]}`).add(`0${phone[1]}`);
  }
  return [...forms];
}

/** What replaces a removed text that cannot be null. */
export const REMOVED = '[dihapus]';

/**
 * Anonymisation of one account (a fulfilled DELETION request; docs/security.md,
 * "Deletion and anonymisation"): every personal value held about the person is
 * removed or replaced, wherever it was copied (registration flows, messages,
 * complaints, email-change requests, data-subject requests, search columns,
 * exports, throttle keys). What stays: the account row with its id (the
 * pseudonym the audit log and the counters keep), status, kind, province and
 * dates, the consent record, survey scores, message and complaint metadata.
 * The audit log is not touched: its details are masked when written.
 */
export class Anonymiser {
  constructor(
    private readonly clock: Clock,
    private readonly throttle: ThrottleService,
  ) {}

  /** In the caller's transaction, on a locked account; returns how many rows each table had changed. */
  async anonymise(em: EntityManager, account: Account): Promise<Record<string, number>> {
    const id = account.id;
    // Every identifier of the person, also those only their flows and email-change requests hold.
    const rows = await em.execute<{ v: string }[]>(
      `select v from (
         select nik as v from registration_flow where account_id = ?
         union select email from registration_flow where account_id = ?
         union select phone from registration_flow where account_id = ?
         union select new_email from email_change_request where account_id = ?
         union select nik from email_change_request where account_id = ?) x where v is not null`,
      [id, id, id, id, id],
    );
    const values = writtenForms([account.nik, account.email, account.phone, ...rows.map((r) => r.v)]);
    const ids = pgArray(values);
    const run = async (sql: string, params: unknown[]) => {
      const r = (await em.getConnection().execute(sql, params, 'run', em.getTransactionContext())) as unknown as {
        affectedRows: number;
      };
      return r.affectedRows;
    };
    const counts: Record<string, number> = {};

    const flows = await em.execute<{ id: string }[]>(
      `select id from registration_flow
        where account_id = ? or nik = any(?::text[]) or email = any(?::text[]) or phone = any(?::text[])`,
      [id, ids, ids, ids],
    );
    const flowIds = pgArray(flows.map((f) => f.id));
    counts.registrationFlows = await run(
      `update registration_flow set nik = null, email = null, phone = null, passport = null, password_hash = null,
              code_hash = null, link_token_hash = null, warnings = '[]'
        where id = any(?::text[])`,
      [flowIds],
    );
    counts.messages = await run(
      // What has not gone out yet never will: nobody is left to send it to.
      `update outbox_message set recipient = ?, subject = null, body = ?, params = '[]', last_error = null,
              status = case when status in ('PENDING', 'FAILED', 'HELD') then 'DEAD' else status end
        where account_id = ? or registration_id = any(?::text[]) or recipient = any(?::text[])`,
      [REMOVED, REMOVED, id, flowIds, ids],
    );
    // The person's own complaints (theirs by contact, or with none) are anonymised; one somebody else filed about
    // the account is that reporter's, and keeps its words with only the person's identifiers cut out of them.
    const complaints = await em.execute<{ id: string }[]>(
      `select id from complaint
        where (account_id = ? and (reporter_contact is null or reporter_contact = any(?::text[])))
           or reporter_contact = any(?::text[])`,
      [id, ids, ids],
    );
    const others = await em.execute<
      { id: string; description: string; resolution: string | null; search_text: string }[]
    >(
      `select id, description, resolution, search_text from complaint
        where account_id = ? and reporter_contact is not null and not (reporter_contact = any(?::text[]))`,
      [id, ids],
    );
    const cut = (text: string | null) =>
      text == null
        ? null
        : [...values].sort((a, b) => b.length - a.length).reduce((t, v) => t.split(v).join(REMOVED), text);
    for (const o of others) {
      await run(`update complaint set description = ?, resolution = ?, search_text = ? where id = ?`, [
        cut(o.description),
        cut(o.resolution),
        cut(o.search_text),
        o.id,
      ]);
      const msgs = await em.execute<{ id: string; body: string | null }[]>(
        `select id, body from complaint_message where complaint_id = ? and body is not null`,
        [o.id],
      );
      for (const m of msgs) await run(`update complaint_message set body = ? where id = ?`, [cut(m.body), m.id]);
      const notes = await em.execute<{ id: string; note: string }[]>(
        `select id, note from complaint_event where complaint_id = ? and note is not null`,
        [o.id],
      );
      for (const n of notes) await run(`update complaint_event set note = ? where id = ?`, [cut(n.note), n.id]);
    }
    const complaintIds = pgArray(complaints.map((c) => c.id));
    // An OSS 1.1 replacement the person started holds the contacts they gave.
    counts.legacyReplacements = await run(
      `update legacy_replacement set email = null, phone = null where account_id = ?`,
      [id],
    );
    counts.complaints = await run(
      `update complaint set reporter_name = ?, reporter_contact = null, description = ?, resolution = null,
              survey_token_hash = null, search_text = number,
              satisfaction = case when satisfaction is null then null else satisfaction - 'comment' end
        where id = any(?::uuid[])`,
      [REMOVED, REMOVED, complaintIds],
    );
    counts.complaintMessages = await run(
      `update complaint_message set body = case when body is null then null else ? end, media_id = null
        where complaint_id = any(?::uuid[])`,
      [REMOVED, complaintIds],
    );
    counts.complaintEvents = await run(
      `update complaint_event set note = null where complaint_id = any(?::uuid[]) and note is not null`,
      [complaintIds],
    );
    counts.emailChanges = await run(
      `update email_change_request set nik = null, new_email = ?, reason = ?, decision_note = null, ip = null
        where account_id = ? or nik = any(?::text[]) or new_email = any(?::text[])`,
      [REMOVED, REMOVED, id, ids, ids],
    );
    // The requests stay (number, kind, dates: the record that the rights were honoured), without the words.
    const requests = await em.execute<{ id: string; reason: string | null }[]>(
      `select id, reason from data_subject_request where account_id = ?`,
      [id],
    );
    for (const r of requests) {
      await run(`update data_subject_request set details = null, identity_check = null, reason = ? where id = ?`, [
        r.reason === null ? null : maskPiiInText(r.reason),
        r.id,
      ]);
    }
    counts.dataSubjectRequests = requests.length;
    counts.exports = await run(`update data_export set bundle = null where account_id = ? and bundle is not null`, [
      id,
    ]);
    // Throttle keys name an identifier by its keyed digest (by its plain hash before that was keyed).
    const keyForms = pgArray(values.flatMap((v) => [v, sha256(v), this.throttle.subject(v)]));
    counts.throttleKeys =
      (await run(`delete from rate_limit_hit where key like any(select '%' || f || '%' from unnest(?::text[]) f)`, [
        keyForms,
      ])) +
      (await run(`delete from login_throttle where key like any(select '%' || f || '%' from unnest(?::text[]) f)`, [
        keyForms,
      ]));
    counts.sessions = await run(`update auth_session set ip = null where subject_id = ? and ip is not null`, [id]);

    account.username = `anonim-${id.replace(/-/g, '').slice(0, 12)}`;
    for (const k of [
      'nik',
      'email',
      'phone',
      'fullName',
      'companyName',
      'birthDate',
      'gender',
      'address',
      'villageCode',
      'npwp',
      'passportNumber',
      'passportCountry',
      'nationality',
      'nib',
      'emailVerifiedAt',
      'phoneVerifiedAt',
    ] as const) {
      (account as unknown as Record<string, unknown>)[k] = null;
    }
    account.profile = {};
    account.warnings = [];
    account.searchName = '';
    // No password verifies against this.
    account.passwordHash = '!anonim';
    account.anonymisedAt = this.clock.now();
    await em.flush();
    counts.account = 1;
    return counts;
  }
}
