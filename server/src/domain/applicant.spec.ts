import { checkApplicantKind } from './applicant';

const base = {
  scale: 'UMK' as const,
  actorType: 'INDIVIDUAL' as const,
  nik: '3171011705900001',
  hasPassport: false,
  channel: 'EMAIL' as const,
};

describe('who may register how', () => {
  it.each([
    [base, {}],
    [{ ...base, scale: 'NON_UMK' as const, nonUmkKind: 'MENENGAH' }, {}],
    [{ ...base, nik: null, hasPassport: true, scale: 'NON_UMK' as const, nonUmkKind: 'BESAR' }, {}],
    [{ ...base, actorType: 'BUSINESS_ENTITY' as const, nik: null, entityType: 'PT' }, {}],
    [
      {
        ...base,
        actorType: 'BUSINESS_ENTITY' as const,
        nik: null,
        entityType: 'BENTUK_USAHA_TETAP',
        scale: 'NON_UMK' as const,
        nonUmkKind: 'KANTOR_PERWAKILAN',
      },
      {},
    ],
  ])('accepts %p', (input, fields) => {
    expect(checkApplicantKind(input)).toEqual(fields);
  });

  it('refuses UMK for a passport applicant and says why', () => {
    expect(checkApplicantKind({ ...base, nik: null, hasPassport: true })).toEqual({
      scale: 'Skala UMK hanya untuk Warga Negara Indonesia. Pemohon dengan paspor (WNA) memilih skala NON_UMK.',
    });
  });

  it.each([
    [{ ...base, scale: 'NON_UMK' as const }, 'nonUmkKind'],
    [{ ...base, nonUmkKind: 'BESAR' }, 'nonUmkKind'],
    [{ ...base, nik: null }, 'nik'],
    [{ ...base, hasPassport: true, scale: 'NON_UMK' as const, nonUmkKind: 'BESAR' }, 'passport'],
    [{ ...base, entityType: 'PT' }, 'entityType'],
    [{ ...base, actorType: 'BUSINESS_ENTITY' as const, nik: null }, 'entityType'],
    [{ ...base, actorType: 'BUSINESS_ENTITY' as const, entityType: 'PT' }, 'nik'],
    [
      { ...base, actorType: 'BUSINESS_ENTITY' as const, nik: null, entityType: 'PT', channel: 'WHATSAPP' as const },
      'channel',
    ],
    [{ ...base, actorType: 'BUSINESS_ENTITY' as const, nik: null, entityType: 'BENTUK_USAHA_TETAP' }, 'scale'],
  ])('refuses %p on %s', (input, field) => {
    expect(Object.keys(checkApplicantKind(input))).toEqual([field]);
  });
});
