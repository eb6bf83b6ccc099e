import { checkPassword } from './password';

describe('checkPassword', () => {
  it('accepts a password with a letter, a digit and a special character', () => {
    expect(checkPassword('Usaha#2026Maju')).toBeUndefined();
    expect(checkPassword('kopi_susu7')).toBeUndefined();
  });

  it.each([
    ['Ab1!', 'Kata sandi minimal 8 karakter.'],
    ['12345678!', 'Kata sandi harus mengandung huruf.'],
    ['Abcdefgh!', 'Kata sandi harus mengandung angka.'],
    ['Abcdefgh1', 'Kata sandi harus mengandung salah satu karakter khusus !@#$%^&*_-.'],
    ['Abcdefg1(', 'Kata sandi harus mengandung salah satu karakter khusus !@#$%^&*_-.'],
  ])('rejects %p', (pw, msg) => {
    expect(checkPassword(pw)).toBe(msg);
  });

  it.each(['Password1!', 'P@ssw0rd1', 'qwerty123!', 'Indonesia1945!', 'bismillah1!', 'aaaaaaa1!'])(
    'refuses the common password %p',
    (pw) => {
      expect(checkPassword(pw)).toBe('Kata sandi terlalu umum dan mudah ditebak. Gunakan kombinasi lain.');
    },
  );

  it('refuses passwords containing the NIK, the birth date or the name', () => {
    expect(checkPassword('x3171011705900001!', { nik: '3171011705900001' })).toBe(
      'Kata sandi tidak boleh mengandung NIK.',
    );
    expect(checkPassword('Lahir17051990!', { birthDate: '1990-05-17' })).toBe(
      'Kata sandi tidak boleh mengandung tanggal lahir.',
    );
    expect(checkPassword('Lahir170590!', { birthDate: '1990-05-17' })).toBe(
      'Kata sandi tidak boleh mengandung tanggal lahir.',
    );
    expect(checkPassword('Wildan#2026', { name: 'Wildan Pratama' })).toBe(
      'Kata sandi tidak boleh mengandung nama atau nama pengguna.',
    );
    expect(
      checkPassword('Usaha#2026Maju', { nik: '3171011705900001', birthDate: '1990-05-17', name: 'Wildan Pratama' }),
    ).toBeUndefined();
  });

  it('refuses a password holding 8 or more digits of the NIK in a row, though not all 16', () => {
    const nik = '3171011705900001';
    expect(checkPassword('Kopi#31710117', { nik })).toBe('Kata sandi tidak boleh mengandung NIK.');
    expect(checkPassword('Kopi#05900001', { nik })).toBe('Kata sandi tidak boleh mengandung NIK.');
    // Seven digits of it, or eight that are not a run of it, are allowed.
    expect(checkPassword('Kopi#3171011', { nik })).toBeUndefined();
    expect(checkPassword('Kopi#31710118', { nik })).toBeUndefined();
  });
});
