/**
 * Password policy (docs/security.md): at least 8 characters with a letter, a digit
 * and one of !@#$%^&*_-; not a very common password; not containing the NIK,
 * the birth date or the name.
 */
export const PASSWORD_SPECIALS = '!@#$%^&*_-';

// Common passwords that satisfy the character classes and would otherwise pass,
// plus their frequent Indonesian variants (checked case-insensitively, after
// stripping the special characters and digits people append).
const COMMON_STEMS = new Set([
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbn',
  'abc',
  'abcd',
  'abcde',
  'abcdef',
  'abcdefg',
  'abcdefgh',
  'admin',
  'administrator',
  'welcome',
  'letmein',
  'iloveyou',
  'sayang',
  'sayangku',
  'cinta',
  'cintaku',
  'bismillah',
  'indonesia',
  'jakarta',
  'rahasia',
  'katasandi',
  'sandi',
  'oss',
  'ossrba',
  'nib',
  'login',
  'masuk',
  'user',
  'test',
  'testing',
  'monkey',
  'dragon',
  'football',
  'sunshine',
  'princess',
  'master',
  'superman',
  'batman',
  'trustno',
  'changeme',
  'merdeka',
  'garuda',
  'pancasila',
  'allah',
  'alhamdulillah',
  'q',
  'qw',
  'qwe',
  'qwer',
  'qwert',
  'a',
  'aa',
  'aaa',
  'aaaa',
  'aaaaa',
  'aaaaaa',
  'x',
  'xx',
  'xxx',
  'pass',
  'secret',
  'hello',
  'halo',
  'selamat',
]);

export interface PasswordContext {
  nik?: string;
  /** ISO YYYY-MM-DD */
  birthDate?: string;
  name?: string;
  username?: string;
}

/** Returns a message in Bahasa Indonesia, or undefined when the password is acceptable. */
export function checkPassword(password: string, ctx: PasswordContext = {}): string | undefined {
  if (password.length < 8) return 'Kata sandi minimal 8 karakter.';
  if (password.length > 128) return 'Kata sandi maksimal 128 karakter.';
  if (!/[A-Za-z]/.test(password)) return 'Kata sandi harus mengandung huruf.';
  if (!/\d/.test(password)) return 'Kata sandi harus mengandung angka.';
  if (![...password].some((c) => PASSWORD_SPECIALS.includes(c))) {
    return `Kata sandi harus mengandung salah satu karakter khusus ${PASSWORD_SPECIALS}.`;
  }
  const lower = password.toLowerCase();
  const digits = password.replace(/\D/g, '');
  if (ctx.nik && (password.includes(ctx.nik) || (digits.length >= 8 && ctx.nik.includes(digits)))) {
    return 'Kata sandi tidak boleh mengandung NIK.';
  }
  if (ctx.birthDate) {
    const [y, m, d] = ctx.birthDate.split('-');
    const forms = [
      `${d}${m}${y}`,
      `${y}${m}${d}`,
      `${d}${m}${y.slice(2)}`,
      `${y.slice(2)}${m}${d}`,
      `${d}-${m}-${y}`,
      `${y}-${m}-${d}`,
    ];
    if (forms.some((f) => password.includes(f))) return 'Kata sandi tidak boleh mengandung tanggal lahir.';
  }
  const nameParts = [ctx.name, ctx.username]
    .filter((n): n is string => !!n)
    .flatMap((n) => n.toLowerCase().split(/[^a-z]+/))
    .filter((p) => p.length >= 3);
  if (nameParts.some((p) => lower.includes(p))) return 'Kata sandi tidak boleh mengandung nama atau nama pengguna.';
  const stem = lower.replace(/[^a-z@]/g, '').replace(/@/g, 'a');
  const stemKeepAt = lower.replace(/[^a-z0-9@]/g, '').replace(/\d+$/, '');
  if (
    COMMON_STEMS.has(stem) ||
    COMMON_STEMS.has(stemKeepAt) ||
    /^(.)\1*$/.test(stem) ||
    /^(.)\1+$/.test(lower.replace(/[^a-z0-9]/g, ''))
  ) {
    return 'Kata sandi terlalu umum dan mudah ditebak. Gunakan kombinasi lain.';
  }
  return undefined;
}

/** A new password and its confirmation, as field errors (empty when both are fine). */
export function checkNewPassword(
  password: string,
  confirmation: string,
  ctx: PasswordContext = {},
): Record<string, string> {
  const fields: Record<string, string> = {};
  const weak = checkPassword(password, ctx);
  if (weak) fields.password = weak;
  if (password !== confirmation) fields.passwordConfirmation = 'Konfirmasi kata sandi tidak sama.';
  return fields;
}
