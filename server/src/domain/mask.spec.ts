import {
  maskAddress,
  maskContact,
  maskDetails,
  maskEmail,
  maskNik,
  maskPhone,
  maskPiiInText,
  maskText,
  maskWarning,
} from './mask';

describe('masking', () => {
  it('keeps enough of an email for the owner to recognise it', () => {
    expect(maskEmail('wildan@gmail.com')).toBe('wi****@gmail.com');
    expect(maskEmail('ab@x.id')).toBe('a****@x.id');
    expect(maskEmail('a@x.id')).toBe('a****@x.id');
  });

  it('masks phones as +62 812****5678', () => {
    expect(maskPhone('+6281234565678')).toBe('+62 812****5678');
  });

  it('masks usernames and NIKs', () => {
    expect(maskText('wildan4711a')).toBe('wi****a');
    expect(maskNik('3171011705900001')).toBe('317101******0001');
  });

  it('never returns the full value', () => {
    for (const v of ['wildan@gmail.com', '+6281234565678', 'wildan4711a', '3171011705900001']) {
      expect([maskEmail(v), maskPhone(v), maskText(v), maskNik(v)]).not.toContain(v);
    }
  });

  it('masks what is not an email, a +62 number or a NIK as plain text', () => {
    expect(maskEmail('wildan.gmail.com')).toBe('wi****m');
    expect(maskEmail('@x.id')).toBe('****@x.id');
    expect(maskPhone('+6591234567')).toBe('+6****7');
    expect(maskPhone('+62812345')).toBe('+6****5');
    expect(maskPhone('+628123456')).toBe('+62 812****3456');
    expect(maskNik('317101170590001')).toBe('31****1');
  });

  it('hides a value of one or two characters completely', () => {
    expect(maskText('ab')).toBe('**');
    expect(maskText('a')).toBe('*');
    expect(maskText('')).toBe('');
    expect(maskText('abc')).toBe('ab****c');
  });
});

describe('masking contacts, addresses and free text', () => {
  it('masks a contact as an email or a phone', () => {
    expect(maskContact('pelapor@example.co.id')).toBe('pe****@example.co.id');
    expect(maskContact('+6281234565678')).toBe('+62 812****5678');
  });

  it('keeps only the first word of an address', () => {
    expect(maskAddress('Jl. Merdeka No. 5')).toBe('Jl. ****');
    expect(maskAddress('Kebayoran')).toBe('Ke****n');
    // Blanks around it change nothing: the first word is still the first word, and one word is still masked whole.
    expect(maskAddress('  Jl. Merdeka No. 5')).toBe('Jl. ****');
    expect(maskAddress('Kebayoran ')).toBe('Ke**** ');
  });

  it('masks NIKs, emails, phones and dates inside text', () => {
    const text =
      'Tanggal lahir profil (1990-05-17) berbeda dengan NIK 3171011705900001; hubungi budi@gmail.com atau 081234565678.';
    const masked = maskPiiInText(text);
    expect(masked).toBe(
      'Tanggal lahir profil (****-**-**) berbeda dengan NIK 317101******0001; hubungi bu****@gmail.com atau +62 812****5678.',
    );
    for (const clear of ['1990-05-17', '3171011705900001', 'budi@gmail.com', '081234565678']) {
      expect(masked).not.toContain(clear);
    }
  });

  it('masks a NIK and a phone however they are written', () => {
    const forms = [
      ['NIK 3171 0117 0590 0001 ya', 'NIK 317101******0001 ya'],
      ['NIK 3171-0117-0590-0001.', 'NIK 317101******0001.'],
      ['NIK: 317101.170590.0001', 'NIK: 317101******0001'],
      ['hp 0812-3456-5678', 'hp +62 812****5678'],
      ['hp +62 812 3456 5678', 'hp +62 812****5678'],
      ['hp 62.812.3456.5678', 'hp +62 812****5678'],
      ['hp (0812) 3456 5678', 'hp +62 812****5678'],
      ['lahir 17-05-1990 atau 17/05/1990', 'lahir ****-**-** atau ****-**-**'],
    ];
    for (const [clear, masked] of forms) expect(maskPiiInText(clear)).toBe(masked);
  });

  it('does not take two dates, a 15-digit number or a 17-digit one for a NIK', () => {
    expect(maskPiiInText('2026-12-04 2026-12-05', { dates: false })).toBe('2026-12-04 2026-12-05');
    expect(maskPiiInText('nomor 317101170590000 saja')).toBe('nomor 317101170590000 saja');
    expect(maskPiiInText('nomor 31710117059000012 saja')).toBe('nomor 31710117059000012 saja');
  });

  it('leaves record ids whole, even when their digit groups read as a phone or a NIK, and masks what is beside them', () => {
    const phoneLike = 'e6651e2d-0858-4123-3279-a20fd93a2aa0';
    const nikLike = '31710117-0590-0001-2345-678901234567';
    expect(maskPiiInText(`Catatan: ${phoneLike}`)).toBe(`Catatan: ${phoneLike}`);
    expect(maskPiiInText(nikLike)).toBe(nikLike);
    expect(maskDetails({ note: phoneLike.toUpperCase() })).toEqual({ note: phoneLike.toUpperCase() });
    expect(maskPiiInText(`${phoneLike} hp 0812-3456-5678 ${nikLike}`)).toBe(
      `${phoneLike} hp +62 812****5678 ${nikLike}`,
    );
    // One character short of an id: masked as any other text.
    expect(maskPiiInText('e6651e2d-0858-4123-3279-a20fd93a2aa')).not.toContain('0858-4123');
  });

  it('leaves text without personal data as it is', () => {
    expect(maskPiiInText('Kode kecamatan 317101 pada NIK tidak ada.')).toBe(
      'Kode kecamatan 317101 pada NIK tidak ada.',
    );
  });
});

describe('maskDetails (audit details)', () => {
  it('masks every string, drops hashes and keeps timestamps', () => {
    expect(
      maskDetails({
        nik: '317101******0001',
        nikHash: 'a'.repeat(64),
        filter: { recipient: 'budi@gmail.com', status: 'HELD' },
        phones: ['+6281234565678'],
        expiresAt: '2026-12-04T10:00:00.000Z',
        count: 3,
        found: true,
        note: null,
      }),
    ).toEqual({
      nik: '317101******0001',
      filter: { recipient: 'bu****@gmail.com', status: 'HELD' },
      phones: ['+62 812****5678'],
      expiresAt: '2026-12-04T10:00:00.000Z',
      count: 3,
      found: true,
      note: null,
    });
  });
});

describe('maskWarning', () => {
  it('drops the genders a warning names beside a masked NIK, and masks its dates', () => {
    expect(maskWarning('Jenis kelamin profil (MALE) berbeda dengan NIK (FEMALE).')).toBe(
      'Jenis kelamin profil berbeda dengan NIK.',
    );
    expect(maskWarning('Tanggal lahir profil 1990-01-02 berbeda dengan NIK (1990-01-03).')).toBe(
      'Tanggal lahir profil ****-**-** berbeda dengan NIK (****-**-**).',
    );
    // Words that are not a gender in parentheses stay.
    expect(maskWarning('Nama (sesuai KTP) berbeda.')).toBe('Nama (sesuai KTP) berbeda.');
    // Written without a space before it, the gender goes too.
    expect(maskWarning('Jenis kelamin NIK(FEMALE).')).toBe('Jenis kelamin NIK.');
  });

  it('drops only keys that end in "hash": a key that merely starts so stays', () => {
    expect(maskDetails({ hashAlgorithm: 'sha256', codeHash: 'b'.repeat(64) })).toEqual({ hashAlgorithm: 'sha256' });
  });
});
