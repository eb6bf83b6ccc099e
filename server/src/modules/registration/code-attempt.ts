import { CODE_RULES } from '../../domain/code';
import type { CodeMac } from '../../shared/code-mac';
import { AppError } from '../../shared/errors';

/** What a flow that sends verification codes keeps of its current code (registration, OSS 1.1 replacement). */
export interface CodeState {
  id: string;
  codeHash?: string | null;
  codeExpiresAt?: Date | null;
  codeAttempts: number;
}

const spent = () =>
  new AppError('CODE_INVALID', 'Kode tidak berlaku lagi. Silakan minta kode baru.', { attemptsLeft: 0 });

/**
 * One guess at a flow's code (docs/domain.md, "Registration flow"):
 * undefined when it matches, else the error to answer. A wrong guess is
 * counted on `flow`; the fifth, or a code signed under a key this server no
 * longer holds (no guess could match it), voids the code through `voidCode`.
 */
export async function checkCodeAttempt(
  codes: CodeMac,
  flow: CodeState,
  code: string,
  now: Date,
  voidCode: () => void,
): Promise<AppError | undefined> {
  if (!flow.codeHash || flow.codeAttempts >= CODE_RULES.maxAttempts) return spent();
  if (!flow.codeExpiresAt || flow.codeExpiresAt <= now) {
    return new AppError('CODE_EXPIRED', 'Kode verifikasi sudah kedaluwarsa. Silakan minta kode baru.');
  }
  const checked = await codes.check(flow.codeHash, flow.id, code.trim());
  if (checked === 'match') return undefined;
  if (checked === 'unusable') {
    voidCode();
    return spent();
  }
  flow.codeAttempts += 1;
  const attemptsLeft = CODE_RULES.maxAttempts - flow.codeAttempts;
  if (attemptsLeft === 0) voidCode();
  return new AppError(
    'CODE_INVALID',
    attemptsLeft > 0
      ? `Kode verifikasi salah. Sisa percobaan: ${attemptsLeft}.`
      : 'Kode verifikasi salah 5 kali. Silakan minta kode baru.',
    { attemptsLeft },
  );
}
