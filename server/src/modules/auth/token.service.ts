import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/errors';
import { newToken, sha256 } from '../../shared/crypto';
import { AccountToken, TokenPurpose } from './token.entity';

const invalid = () =>
  new AppError('CODE_INVALID', 'Tautan tidak valid atau sudah digunakan. Silakan minta tautan baru.');
const expired = () => new AppError('CODE_EXPIRED', 'Tautan sudah kedaluwarsa. Silakan minta tautan baru.');

/** Single-use, expiring link tokens (password reset, email-change confirmation). */
export class TokenService {
  async issue(
    em: EntityManager,
    accountId: string,
    purpose: TokenPurpose,
    ttlSeconds: number,
    subjectId?: string,
  ): Promise<string> {
    const token = newToken();
    em.create(AccountToken, {
      accountId,
      purpose,
      subjectId: subjectId ?? null,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    });
    await em.flush();
    return token;
  }

  /**
   * Marks the token used (row-locked, so it cannot be used twice) and returns
   * it; unknown, used or other-purpose tokens are CODE_INVALID, old ones CODE_EXPIRED.
   * Call inside the transaction that applies the change.
   */
  async consume(em: EntityManager, token: string, purpose: TokenPurpose): Promise<AccountToken> {
    if (!token || token.length > 200) throw invalid();
    const row = await em.findOne(
      AccountToken,
      { tokenHash: sha256(token.trim()) },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!row || row.purpose !== purpose || row.usedAt) throw invalid();
    if (row.expiresAt <= new Date()) throw expired();
    row.usedAt = new Date();
    return row;
  }

  /** Voids the unused tokens of an account for one purpose (a newer one was issued, or the password changed). */
  async voidAll(em: EntityManager, accountId: string, purpose: TokenPurpose): Promise<void> {
    await em.nativeUpdate(AccountToken, { accountId, purpose, usedAt: null }, { usedAt: new Date() });
  }
}
