/**
 * Message templates, Bahasa Indonesia. Each has an email subject/body and a
 * WhatsApp Cloud API template name whose body parameters are `params` in order.
 */
export type TemplateKey = 'registration_code' | 'registration_exists' | 'welcome';

export interface Rendered {
  subject: string;
  body: string;
  whatsappTemplate: string;
}

const templates: Record<TemplateKey, (p: string[], publicUrl: string) => Rendered> = {
  registration_code: ([code]) => ({
    subject: `Kode verifikasi OSS: ${code}`,
    body:
      `Kode verifikasi pendaftaran Hak Akses OSS Anda: ${code}\n\n` +
      'Kode berlaku 10 menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas OSS.\n' +
      'Jika Anda tidak merasa mendaftar, abaikan pesan ini.',
    whatsappTemplate: 'oss_kode_verifikasi',
  }),
  registration_exists: (_p, url) => ({
    subject: 'Anda sudah memiliki akun OSS',
    body:
      'Ada permintaan pendaftaran Hak Akses OSS dengan data Anda, tetapi NIK, email atau nomor telepon tersebut ' +
      'sudah terdaftar pada akun yang aktif.\n\n' +
      `Silakan masuk di ${url}, atau gunakan "Lupa Kata Sandi" / "Lupa Akun" bila Anda tidak ingat datanya.\n` +
      'Jika Anda tidak merasa mendaftar, abaikan pesan ini.',
    whatsappTemplate: 'oss_akun_sudah_ada',
  }),
  welcome: ([username], url) => ({
    subject: 'Selamat datang di OSS: akun Anda sudah aktif',
    body:
      'Selamat, Hak Akses OSS Anda sudah aktif.\n\n' +
      `Nama pengguna (username): ${username}\n` +
      `Masuk di: ${url}\n\n` +
      'Penting: akun dibatalkan otomatis bila dalam 30 hari tidak ada kegiatan perizinan berusaha (misalnya permohonan NIB).',
    whatsappTemplate: 'oss_selamat_datang',
  }),
};

export function renderTemplate(key: TemplateKey, params: string[], publicUrl: string): Rendered {
  return templates[key](params, publicUrl);
}
