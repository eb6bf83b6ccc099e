/**
 * Masking for personal data shown to people who may not be the owner:
 * enough for the owner to recognise it, not enough to contact them.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return maskText(email);
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}****@${email.slice(at + 1)}`;
}

/** `+6281234565678` → `+62 812****5678` */
export function maskPhone(e164: string): string {
  if (!e164.startsWith('+62') || e164.length < 10) return maskText(e164);
  return `+62 ${e164.slice(3, 6)}****${e164.slice(-4)}`;
}

/** `wildan4711a` → `wi****a` */
export function maskText(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}****${value.slice(-1)}`;
}

/** `3171234567890001` → `317123******0001` */
export function maskNik(nik: string): string {
  return nik.length === 16 ? `${nik.slice(0, 6)}******${nik.slice(12)}` : maskText(nik);
}
