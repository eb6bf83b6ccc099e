/**
 * Message templates, Bahasa Indonesia. Each has an email subject/body and a
 * WhatsApp Cloud API template name whose body parameters are `params` in order.
 */
export type TemplateKey =
  | 'registration_code'
  | 'registration_exists'
  | 'welcome'
  | 'password_reset'
  | 'email_change_requested'
  | 'email_change_confirm'
  | 'email_change_notice_old'
  | 'email_change_cancelled'
  | 'expiry_warning'
  | 'complaint_survey'
  | 'complaint_reply'
  | 'complaint_follow_up'
  | 'data_request_decided'
  | 'legacy_replacement_code'
  | 'legacy_claim_warning'
  | 'data_export_ready'
  | 'breach_notice';

export interface Rendered {
  subject: string;
  body: string;
  whatsappTemplate: string;
}

/**
 * Templates sent on WhatsApp as free text (the body) rather than as an
 * approved template: allowed by WhatsApp only inside 24 hours of the
 * person's last message, which the sender checks before queueing.
 */
const FREE_TEXT: TemplateKey[] = ['complaint_reply'];
export const isFreeText = (key: string) => FREE_TEXT.includes(key as TemplateKey);
/** What the outbox shows in place of a template name for a free-text WhatsApp message. */
export const FREE_TEXT_LABEL = '(teks bebas)';

const templates: Record<TemplateKey, (p: string[], publicUrl: string) => Rendered> = {
  registration_code: ([code, link]) => ({
    subject: `Kode verifikasi OSS: ${code}`,
    body:
      `Kode verifikasi pendaftaran Hak Akses OSS Anda: ${code}\n\n` +
      (link ? `Atau klik tautan ini dan verifikasi akan selesai otomatis:\n${link}\n\n` : '') +
      'Kode dan tautan berlaku 10 menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas OSS.\n' +
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
  password_reset: ([link]) => ({
    subject: 'Atur ulang kata sandi OSS',
    body:
      'Kami menerima permintaan untuk mengatur ulang kata sandi Hak Akses OSS Anda.\n\n' +
      `Buka tautan ini dalam 60 menit untuk membuat kata sandi baru:\n${link}\n\n` +
      'Tautan hanya dapat dipakai sekali. Setelah kata sandi diganti, semua sesi yang sedang masuk akan diakhiri.\n' +
      'Jika Anda tidak meminta ini, abaikan pesan ini; kata sandi Anda tidak berubah.',
    whatsappTemplate: 'oss_atur_ulang_kata_sandi',
  }),
  email_change_requested: ([maskedNewEmail]) => ({
    subject: 'Permintaan penggantian email akun OSS',
    body:
      `Ada permintaan untuk mengganti email akun OSS Anda menjadi ${maskedNewEmail}.\n` +
      'Permintaan ini akan diperiksa petugas dan baru berlaku setelah alamat baru dikonfirmasi.\n' +
      'Jika Anda tidak mengajukannya, segera hubungi layanan bantuan OSS.',
    whatsappTemplate: 'oss_permintaan_ganti_email',
  }),
  email_change_confirm: ([link]) => ({
    subject: 'Konfirmasi email baru akun OSS',
    body:
      'Permintaan penggantian email akun OSS Anda telah disetujui.\n\n' +
      `Buka tautan ini untuk mengonfirmasi bahwa alamat ini milik Anda:\n${link}\n\n` +
      'Email akun baru berganti setelah tautan dibuka. Tautan berlaku 72 jam dan hanya sekali pakai.',
    whatsappTemplate: 'oss_konfirmasi_email_baru',
  }),
  email_change_notice_old: ([maskedNewEmail]) => ({
    subject: 'Email akun OSS Anda akan diganti',
    body:
      `Permintaan untuk mengganti email akun OSS Anda menjadi ${maskedNewEmail} telah disetujui petugas.\n` +
      'Penggantian berlaku setelah alamat baru dikonfirmasi. Jika Anda tidak mengajukannya, segera hubungi layanan bantuan OSS.',
    whatsappTemplate: 'oss_pemberitahuan_ganti_email',
  }),
  email_change_cancelled: ([maskedNewEmail]) => ({
    subject: 'Penggantian email akun OSS dibatalkan',
    body:
      `Permintaan untuk mengganti email akun OSS Anda menjadi ${maskedNewEmail} telah dibatalkan.\n` +
      'Email akun tidak berubah, dan tautan konfirmasi yang pernah dikirim tidak berlaku lagi. ' +
      'Jika Anda tidak mengenali permintaan ini, segera hubungi layanan bantuan OSS.',
    whatsappTemplate: 'oss_ganti_email_dibatalkan',
  }),
  expiry_warning: ([days, date, username], url) => ({
    subject: `Hak Akses OSS Anda akan dibatalkan dalam ${days} hari`,
    body:
      `Hak Akses OSS dengan nama pengguna ${username} akan dibatalkan otomatis pada ${date} ` +
      'karena belum ada kegiatan perizinan berusaha sejak akun aktif.\n\n' +
      `Agar tetap aktif, masuk di ${url} dan mulai permohonan perizinan (misalnya NIB) sebelum tanggal tersebut.\n` +
      'Bila akun dibatalkan, Anda dapat mendaftar kembali dengan NIK dan email yang sama.',
    whatsappTemplate: 'oss_peringatan_pembatalan',
  }),
  complaint_survey: ([number, link]) => ({
    subject: `Pengaduan ${number} telah diselesaikan: mohon isi survei kepuasan`,
    body:
      `Pengaduan Anda nomor ${number} telah diselesaikan.\n\n` +
      `Mohon nilai layanan kami (9 pertanyaan, 1 menit):\n${link}\n\n` +
      'Tautan hanya dapat dipakai sekali. Terima kasih.',
    whatsappTemplate: 'oss_survei_kepuasan',
  }),
  complaint_reply: ([number, text], url) => ({
    // The number in brackets: a reply to this mail threads back into the complaint by its subject, too.
    subject: `[${number}] Balasan pengaduan`,
    // The number and the tracking page, where the reporter follows it with the contact they used.
    body: `${text}\n\n— Layanan Bantuan OSS. Pantau status di ${url}/pengaduan/cek dengan nomor pengaduan ${number}`,
    whatsappTemplate: FREE_TEXT_LABEL,
  }),
  // An approved WhatsApp template: what the helpdesk may send once the 24-hour free-text window has closed,
  // asking the reporter to write again (which reopens the window for a free-text reply).
  complaint_follow_up: ([number], url) => ({
    subject: `[${number}] Tindak lanjut pengaduan`,
    body:
      `Petugas Layanan Bantuan OSS ingin menindaklanjuti pengaduan Anda nomor ${number}. ` +
      'Balas pesan ini agar petugas dapat melanjutkan percakapan dengan Anda.\n\n' +
      `Pantau status di ${url}/pengaduan/cek dengan nomor pengaduan ${number}`,
    whatsappTemplate: 'oss_tindak_lanjut_pengaduan',
  }),
  data_request_decided: ([number, kind, outcome, reason]) => ({
    subject: `Permintaan data pribadi ${number} telah ${outcome}`,
    body:
      `Permintaan ${kind} Anda nomor ${number} telah ${outcome}.\n\n` +
      `Keterangan petugas: ${reason}\n\n` +
      'Permintaan ini diproses sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi. ' +
      'Bila Anda tidak merasa mengajukannya, hubungi layanan bantuan OSS.',
    whatsappTemplate: 'oss_permintaan_data_pribadi',
  }),
  legacy_replacement_code: ([code]) => ({
    subject: `Kode penggantian hak akses OSS: ${code}`,
    body:
      `Kode verifikasi penggantian hak akses OSS 1.1 Anda: ${code}\n\n` +
      'Kode berlaku 10 menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas OSS.\n' +
      'Jika Anda tidak sedang mengganti hak akses OSS, abaikan pesan ini dan hubungi layanan bantuan OSS.',
    whatsappTemplate: 'oss_kode_penggantian',
  }),
  legacy_claim_warning: ([date, username], url) => ({
    subject: `Ganti hak akses OSS 1.1 Anda sebelum ${date}`,
    body:
      `Hak akses OSS 1.1 dengan nama pengguna ${username} belum diganti ke sistem OSS berbasis risiko.\n\n` +
      `Masuk di ${url} dengan nama pengguna dan kata sandi lama Anda, lalu ikuti langkah penggantian ` +
      `(konfirmasi data, kode verifikasi, kata sandi baru) sebelum ${date}.\n` +
      'Setelah tanggal tersebut akun lama dihapus; Anda tetap dapat mendaftar baru dengan NIK yang sama.',
    whatsappTemplate: 'oss_peringatan_penggantian',
  }),
  data_export_ready: ([number, link, validFor]) => ({
    subject: `Data pribadi Anda siap diunduh (permintaan ${number})`,
    body:
      `Permintaan akses data pribadi Anda nomor ${number} telah dipenuhi.\n\n` +
      `Buka tautan ini untuk melihat dan mengunduh data pribadi Anda beserta catatan pemrosesannya:\n${link}\n\n` +
      `Tautan berlaku ${validFor} dan hanya dapat dibuka sekali: simpan atau cetak datanya saat itu juga. ` +
      'Jangan teruskan pesan ini kepada siapa pun. Bila Anda tidak merasa mengajukan permintaan ini, ' +
      'segera hubungi layanan bantuan OSS.',
    whatsappTemplate: 'oss_unduh_data_pribadi',
  }),
  breach_notice: ([number, foundAt, what, how, measures]) => ({
    subject: `Pemberitahuan kegagalan pelindungan data pribadi (${number})`,
    body:
      `Kami memberitahukan bahwa pada ${foundAt} kami mengetahui terjadinya kegagalan pelindungan data pribadi ` +
      `yang menyangkut akun Hak Akses OSS Anda (insiden ${number}).\n\n` +
      `Data pribadi yang terungkap: ${what}.\n\n` +
      `Bagaimana terjadi: ${how}\n\n` +
      `Yang kami lakukan: ${measures}\n\n` +
      'Demi keamanan, waspadai pesan yang meminta kode verifikasi atau kata sandi Anda; petugas OSS tidak pernah ' +
      'memintanya. Bila perlu, ganti kata sandi melalui "Lupa Kata Sandi". Pemberitahuan ini disampaikan sesuai ' +
      'Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi. Pertanyaan: hubungi layanan bantuan OSS.',
    whatsappTemplate: 'oss_pemberitahuan_insiden_data',
  }),
};

export function renderTemplate(key: TemplateKey, params: string[], publicUrl: string): Rendered {
  return templates[key](params, publicUrl);
}
