import type { FieldErrors } from '../shared/errors';

/**
 * Who may register how (docs/domain.md, "Scale"): UMK is for Indonesian citizens and
 * Indonesian-owned entities only; NON_UMK names its kind; individuals identify
 * by NIK (WNI) or passport (WNA); entities verify by the company email.
 */
export interface ApplicantKindInput {
  scale: 'UMK' | 'NON_UMK';
  nonUmkKind?: string | null;
  actorType: 'INDIVIDUAL' | 'BUSINESS_ENTITY';
  entityType?: string | null;
  nik?: string | null;
  hasPassport: boolean;
  channel: 'EMAIL' | 'WHATSAPP';
}

/** Entity forms that are foreign by nature and so never UMK. */
const FOREIGN_ENTITY_TYPES = ['BENTUK_USAHA_TETAP'];

export function checkApplicantKind(i: ApplicantKindInput): FieldErrors {
  const f: FieldErrors = {};
  if (i.scale === 'NON_UMK' && !i.nonUmkKind)
    f.nonUmkKind = 'Pilih jenis usaha non-UMK (MENENGAH, BESAR, KANTOR_PERWAKILAN atau BADAN_USAHA_LUAR_NEGERI).';
  if (i.scale === 'UMK' && i.nonUmkKind) f.nonUmkKind = 'Jenis non-UMK hanya diisi untuk skala NON_UMK.';
  if (i.actorType === 'INDIVIDUAL') {
    if (i.entityType) f.entityType = 'Jenis badan usaha hanya diisi untuk pelaku usaha badan usaha.';
    if (i.nik && i.hasPassport) f.passport = 'Isi NIK (WNI) atau paspor (WNA), tidak keduanya.';
    else if (!i.nik && !i.hasPassport) f.nik = 'NIK wajib diisi (atau paspor bagi Warga Negara Asing).';
    if (i.hasPassport && i.scale === 'UMK') {
      f.scale = 'Skala UMK hanya untuk Warga Negara Indonesia. Pemohon dengan paspor (WNA) memilih skala NON_UMK.';
    }
  } else {
    if (!i.entityType) f.entityType = 'Jenis badan usaha wajib diisi.';
    if (i.nik) f.nik = 'NIK penanggung jawab diisi pada profil (data direktur), bukan di sini.';
    if (i.hasPassport) f.passport = 'Paspor hanya untuk pemohon perseorangan.';
    if (i.channel !== 'EMAIL') f.channel = 'Badan usaha diverifikasi melalui email perusahaan: pilih EMAIL.';
    if (i.scale === 'UMK' && i.entityType && FOREIGN_ENTITY_TYPES.includes(i.entityType)) {
      f.scale = 'Bentuk Usaha Tetap dimiliki pihak asing, sehingga tidak dapat memilih skala UMK.';
    }
  }
  return f;
}
