import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeEmail } from '../../domain/email';
import { looksLikePhone, normalizePhone } from '../../domain/phone';
import { isUuid } from '../../shared/ids';
import { Account } from './account.entity';

export type IdentifierColumn = 'username' | 'email' | 'phone';
export interface Contact {
  channel: 'EMAIL' | 'WHATSAPP';
  recipient: string;
}

/** The channel to reach an account on: the identifier's own channel when verified, else email, else WhatsApp. */
export function contactFor(a: Account, prefer?: IdentifierColumn): Contact | undefined {
  const email = a.email && a.emailVerifiedAt ? { channel: 'EMAIL' as const, recipient: a.email } : undefined;
  const phone = a.phone && a.phoneVerifiedAt ? { channel: 'WHATSAPP' as const, recipient: a.phone } : undefined;
  if (prefer === 'phone' && phone) return phone;
  return email ?? phone;
}

/** Identifier (username, email or phone) → the lookup column and normalised value. */
export function identifierWhere(identifier: string): { column: IdentifierColumn; value: string } | undefined {
  const raw = identifier.trim();
  if (raw.includes('@')) {
    const e = normalizeEmail(raw);
    return e.ok ? { column: 'email', value: e.email } : undefined;
  }
  if (looksLikePhone(raw)) {
    const p = normalizePhone(raw);
    return p.ok ? { column: 'phone', value: p.e164 } : undefined;
  }
  return /^[a-z0-9._-]{3,40}$/i.test(raw) ? { column: 'username', value: raw.toLowerCase() } : undefined;
}

export interface HolderQuery {
  nik?: string | null;
  passport?: { issuingCountry: string; number: string } | null;
  scale?: string;
  email?: string | null;
  phone?: string | null;
}

/** Reads of accounts that other modules need; nothing here writes. */
export class AccountQueries {
  /** Whether a live (non-cancelled) account holds this NIK or passport (per scale), or this email or phone verified. */
  async holderExists(em: EntityManager, q: HolderQuery): Promise<boolean> {
    const rows = await em.execute<{ taken: boolean }[]>(
      `select exists (select 1 from account
        where status <> 'CANCELLED'
          and ((actor_type = 'INDIVIDUAL' and nik = ? and scale = ?)
            or (actor_type = 'INDIVIDUAL' and passport_country = ? and passport_number = ? and scale = ?)
            or (email = ? and email_verified_at is not null)
            or (phone = ? and phone_verified_at is not null))) as taken`,
      [
        q.nik ?? null,
        q.scale ?? null,
        q.passport?.issuingCountry ?? null,
        q.passport?.number ?? null,
        q.scale ?? null,
        q.email ?? null,
        q.phone ?? null,
      ],
    );
    return rows[0].taken;
  }

  /**
   * The live account an identifier names; an email or phone counts only where
   * it was verified. With `legacy`, the unverified email or phone an OSS 1.1
   * account was imported with counts too (login, to start its replacement);
   * a verified holder of the same address wins.
   */
  async findByIdentifier(
    em: EntityManager,
    identifier: string,
    opts: { legacy?: boolean } = {},
  ): Promise<Account | null> {
    const where = identifierWhere(identifier);
    if (!where) return null;
    if (where.column === 'username')
      return em.findOne(Account, { username: where.value, status: { $ne: 'CANCELLED' } });
    const verifiedAt = where.column === 'email' ? 'emailVerifiedAt' : 'phoneVerifiedAt';
    const verified = { [verifiedAt]: { $ne: null } };
    const [found] = await em.find(
      Account,
      {
        [where.column]: where.value,
        status: { $ne: 'CANCELLED' },
        ...(opts.legacy ? { $or: [verified, { status: 'LEGACY' }] } : verified),
      },
      { orderBy: { [verifiedAt]: 'asc nulls last' }, limit: 1 },
    );
    return found ?? null;
  }

  /** By id; a malformed id finds nothing (never a database error). */
  async get(em: EntityManager, id: string): Promise<Account | null> {
    return isUuid(id) ? em.findOne(Account, { id }) : null;
  }

  /** Several by id, in the order asked (null where none). */
  async byIds(em: EntityManager, ids: readonly string[]): Promise<(Account | null)[]> {
    const rows = await em.find(Account, { id: { $in: ids.filter(isUuid) } });
    const by = new Map(rows.map((a) => [a.id, a]));
    return ids.map((id) => by.get(id) ?? null);
  }

  /** By id, row-locked for a change in the caller's transaction. */
  async lock(em: EntityManager, id: string): Promise<Account | null> {
    return isUuid(id) ? em.findOne(Account, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  }

  /**
   * The live account a NIK leads to: the person's own individual account (with
   * several, one per scale: one with an NIB first when `preferNib`, else the
   * newest); failing that, a company whose director holds the NIK (the person
   * who speaks for it).
   */
  async findLiveByNik(em: EntityManager, nik: string, preferNib = false): Promise<Account | null> {
    // An OSS 1.1 account not yet replaced is reached only through its replacement at login.
    const rows = await em.find(
      Account,
      { nik, status: { $nin: ['CANCELLED', 'LEGACY'] } },
      { orderBy: { createdAt: 'desc' } },
    );
    const own = (preferNib ? rows.find((a) => a.nib) : undefined) ?? rows[0];
    if (own) return own;
    const [company] = await em.execute<{ id: string }[]>(
      `select id from account
        where actor_type = 'BUSINESS_ENTITY' and (profile #>> '{director,nik}') = ? and status not in ('CANCELLED', 'LEGACY')
        order by ${preferNib ? '(nib is not null) desc, ' : ''}created_at desc limit 1`,
      [nik],
    );
    return company ? em.findOne(Account, { id: company.id }) : null;
  }
}
