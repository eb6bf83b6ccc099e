/**
 * What a failed delivery means, in a sentence a helpdesk officer can read to
 * the caller and act on. The raw error stays on the message for experts; this
 * only recognises the failures that matter and says honestly when it does not
 * know.
 *
 * SMTP: the reply code (RFC 5321) and enhanced status (RFC 3463) the mail
 * server gave, or the network error of the connection. WhatsApp Cloud API:
 * the error code in the gateway's answer (e.g. 131026).
 */
export interface DeliveryExplanation {
  /** A stable key (for the console's i18n and for counting), e.g. MAILBOX_FULL. */
  reason: string;
  /** The sentence in Bahasa Indonesia. */
  text: string;
}

const EXPLAIN: Record<string, string> = {
  MAILBOX_FULL:
    'Kotak surat penerima penuh. Minta pemohon mengosongkan kotak suratnya, atau kirim kode ke alamat lain.',
  UNKNOWN_USER:
    'Alamat email tidak ada di server penerima (kemungkinan salah ketik). Periksa ejaan atau kirim ke alamat lain.',
  NO_DOMAIN:
    'Domain email tidak ditemukan (bagian setelah @ salah atau tidak aktif). Periksa ejaan atau kirim ke alamat lain.',
  SPAM_REFUSED:
    'Server penerima menolak email sebagai spam atau memblokirnya. Minta pemohon memakai alamat lain atau WhatsApp.',
  TIMEOUT:
    'Server email penerima tidak menjawab tepat waktu. Sistem mencoba lagi otomatis; bila tetap gagal, kirim ke alamat lain.',
  CONNECTION_REFUSED:
    'Server email penerima menolak sambungan. Sistem mencoba lagi otomatis; bila tetap gagal, kirim ke alamat lain.',
  NOT_WHATSAPP:
    'Nomor ini tidak terdaftar di WhatsApp atau tidak dapat menerima pesan. Minta nomor WhatsApp lain atau kirim lewat email.',
  OUTSIDE_WINDOW:
    'Pesan di luar jendela 24 jam WhatsApp: pemohon perlu mengirim pesan ke nomor layanan lebih dulu, atau kirim lewat email.',
  TEMPLATE_PAUSED:
    'Templat pesan WhatsApp sedang dijeda atau dinonaktifkan oleh Meta. Kirim lewat email dan laporkan ke admin.',
  RATE_LIMITED:
    'Penyedia WhatsApp membatasi jumlah pesan saat ini. Sistem mencoba lagi otomatis; tunggu beberapa menit.',
  INVALID_PARAMETER: 'Penyedia menolak isi pesan (parameter tidak valid). Ini masalah konfigurasi: laporkan ke admin.',
  UNKNOWN: 'Penyebab kegagalan tidak dikenali sistem. Kode asli disimpan untuk petugas teknis.',
};

const WHATSAPP_CODES: Record<string, string> = {
  '131026': 'NOT_WHATSAPP',
  '131047': 'OUTSIDE_WINDOW',
  '132015': 'TEMPLATE_PAUSED',
  '132016': 'TEMPLATE_PAUSED',
  '130429': 'RATE_LIMITED',
  '131048': 'RATE_LIMITED',
  '131056': 'RATE_LIMITED',
  '131008': 'INVALID_PARAMETER',
  '131009': 'INVALID_PARAMETER',
  '132000': 'INVALID_PARAMETER',
  '132012': 'INVALID_PARAMETER',
};

function reasonOf(channel: string, error: string): string {
  if (channel === 'WHATSAPP') {
    const code = /"code"\s*:\s*(\d{6})|\b(13\d{4})\b/.exec(error);
    const key = code && WHATSAPP_CODES[code[1] ?? code[2]];
    if (key) return key;
  }
  if (/\b(552|452)\b|5\.2\.2|4\.2\.2|mailbox (is )?full|over quota|quota exceeded/i.test(error)) return 'MAILBOX_FULL';
  // The domain before the generic "does not exist" of unknown users ("550 5.1.2 Domain does not exist"); an
  // explicit 5.1.1 still names the user. Enhanced codes are not read inside an address (10.5.1.1).
  if (/(?<![\d.])5\.1\.1\b/.test(error)) return 'UNKNOWN_USER';
  if (
    /ENOTFOUND|EAI_AGAIN|(?<![\d.])5\.(1\.2|4\.4)\b|host not found|domain (name )?not found|no mx|\bdomain(\s+\S+)?\s+(does not|doesn't) exist/i.test(
      error,
    )
  )
    return 'NO_DOMAIN';
  if (/user unknown|unknown user|no such user|does not exist|mailbox unavailable|recipient rejected/i.test(error))
    return 'UNKNOWN_USER';
  if (/5\.7\.1\b|spam|blocked|blacklist|blocklist|policy rejection/i.test(error)) return 'SPAM_REFUSED';
  if (/ETIMEDOUT|timeout|timed out|greeting never received/i.test(error)) return 'TIMEOUT';
  if (/ECONNREFUSED|ECONNRESET|connection refused/i.test(error)) return 'CONNECTION_REFUSED';
  return 'UNKNOWN';
}

/** The explanation of a message's last error; null when it has none. */
export function explainDeliveryError(
  channel: string,
  lastError: string | null | undefined,
): DeliveryExplanation | null {
  if (!lastError) return null;
  const reason = reasonOf(channel, lastError);
  return { reason, text: EXPLAIN[reason] };
}
