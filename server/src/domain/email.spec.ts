import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('trims and lower-cases an address', () => {
    expect(normalizeEmail('  Wildan.Pratama@Example.CO.id ')).toEqual({
      ok: true,
      email: 'wildan.pratama@example.co.id',
    });
  });

  it('accepts 254 characters and refuses 255 (the limit of an address)', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.id`;
    expect(at254).toHaveLength(254);
    expect(normalizeEmail(at254)).toEqual({ ok: true, email: at254 });
    const at255 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.id`;
    expect(normalizeEmail(at255)).toEqual({ ok: false, error: 'Format email tidak valid.' });
  });

  it.each(['wildan..pratama@example.com', 'wildan@example', 'wildan@', '@example.com', 'wil dan@example.com'])(
    'refuses %p',
    (input) => {
      expect(normalizeEmail(input)).toEqual({ ok: false, error: 'Format email tidak valid.' });
    },
  );
});
