import type { EntityManager } from '@mikro-orm/postgresql';
import { maskDetails } from '../../domain/mask';

/**
 * The access export (UU PDP, right of access): every piece of personal data
 * held about one account and the record of how it was processed. Secrets are
 * never part of it: no password or code hash, no link token, no message
 * parameters (codes and links live there); message bodies are the stored
 * ones, which are rendered without the code or link.
 */
export interface ExportBundle {
  format: 'hak-akses-data-export/1';
  generatedAt: string;
  request: { number: string; kind: string };
  account: Record<string, unknown>;
  registrations: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  complaints: Record<string, unknown>[];
  surveys: Record<string, unknown>[];
  emailChanges: Record<string, unknown>[];
  dataSubjectRequests: Record<string, unknown>[];
  /** Every audit row about the account: when, who (kind), what and why. */
  processing: Record<string, unknown>[];
}

const ACCOUNT_COLUMNS = `id, username, status, scale, non_umk_kind as "nonUmkKind", actor_type as "actorType",
  entity_type as "entityType", nik, email, phone, full_name as "fullName", company_name as "companyName",
  birth_date::text as "birthDate", gender, address, village_code as "villageCode", province_code as "provinceCode",
  npwp, passport_number as "passportNumber", passport_country as "passportCountry", nationality, profile, nib,
  warnings, created_at as "createdAt", activated_at as "activatedAt", expires_at as "expiresAt",
  licensing_started_at as "licensingStartedAt", extended_days as "extendedDays",
  email_verified_at as "emailVerifiedAt", phone_verified_at as "phoneVerifiedAt", cancelled_at as "cancelledAt",
  consent_version as "consentVersion", consent_at as "consentAt", consent_channel as "consentChannel",
  consent_withdrawn_at as "consentWithdrawnAt",
  processing_restricted as "processingRestricted", processing_restricted_at as "processingRestrictedAt"`;

/** Why each kind of audited action processes personal data (Indonesian, for the applicant). */
const PURPOSES: [RegExp, string][] = [
  [/^(PII_VIEW|ACCOUNT_SEARCH)$/, 'Layanan bantuan: petugas membaca data untuk melayani pemohon'],
  [
    /^(DATA_REQUEST_|DATA_EXPORT_|PROCESSING_|RESTRICTION_|ACCOUNT_ANONYMISED|CONSENT_WITHDRAWN)/,
    'Pemenuhan hak subjek data (UU PDP)',
  ],
  [/^COMPLAINT_/, 'Penanganan pengaduan dan survei kepuasan'],
  [/^(EMAIL_CHANGE|EMAIL_CHANGED|PASSWORD|LOGIN_|SESSION|LOST_ACCOUNT|RECOVERY)/, 'Keamanan akun dan pemulihan akses'],
  [/^(MESSAGE_|OUTBOX_|ACTIVATION_RESENT)/, 'Pengiriman pesan layanan'],
  [/^API_CALL$/, 'Pertukaran data dengan sistem pemerintah lain (kunci API)'],
  [/^BREACH_/, 'Pemberitahuan kegagalan pelindungan data pribadi'],
  [/^(ACCOUNT_|EXPIRY_|LICENSING_|REGISTRATION)/, 'Pengelolaan hak akses OSS (pendaftaran, masa berlaku, status)'],
];

export function purposeOf(action: string): string {
  return PURPOSES.find(([re]) => re.test(action))?.[1] ?? 'Penyelenggaraan layanan perizinan berusaha OSS';
}

const ACTOR_KIND: Record<string, string> = {
  ACCOUNT: 'Pemohon sendiri',
  STAFF: 'Petugas',
  SYSTEM: 'Sistem (proses otomatis)',
  API_KEY: 'Sistem lain (kunci API)',
  PUBLIC: 'Tanpa login',
};

/** Reads the bundle of one account as the database holds it now. */
export async function buildExportBundle(
  em: EntityManager,
  accountId: string,
  request: { number: string; kind: string },
  now: Date,
): Promise<ExportBundle> {
  const [account] = await em.execute(`select ${ACCOUNT_COLUMNS} from account where id = ?`, [accountId]);
  const registrations = await em.execute(
    `select id, reference, step, scale, non_umk_kind as "nonUmkKind", actor_type as "actorType",
            entity_type as "entityType", nik, passport, channel, email, phone, send_times as "codeSentAt",
            verified_at as "verifiedAt", warnings, created_at as "createdAt", expires_at as "expiresAt",
            completed_at as "completedAt"
       from registration_flow where account_id = ? order by created_at, id`,
    [accountId],
  );
  const messages = await em.execute(
    `select id, channel, recipient, template, subject, body, status, provider_status as "providerStatus",
            created_at as "createdAt", sent_at as "sentAt"
       from outbox_message
      where (account_id = ? or registration_id in (select id from registration_flow where account_id = ?))
        -- A complaint linked to the account may come from someone else (the NIK's real owner, say): what was
        -- sent to that reporter is theirs, not the account holder's.
        and not (template in ('complaint_reply', 'complaint_follow_up', 'complaint_survey') and recipient not in (
              select contact from account a, unnest(array[a.email, a.phone]) as contact
               where a.id = ? and contact is not null))
      order by created_at, id`,
    [accountId, accountId, accountId],
  );
  // A complaint about the account filed by someone else (another contact) is theirs: the account holder gets
  // only that it exists (number, status, category, dates), never the reporter, their words or the conversation.
  const OWN = `(c.reporter_contact is null or coalesce(c.reporter_contact in (a.email, a.phone), false))`;
  const complaints = await em.execute(
    `select c.id, c.number, c.status, c.channel, c.category, ${OWN} as "filedByYou",
            case when ${OWN} then c.description end as description,
            case when ${OWN} then c.reporter_name end as "reporterName",
            case when ${OWN} then c.reporter_contact end as "reporterContact",
            case when ${OWN} then c.resolution end as resolution, c.created_at as "createdAt",
            c.resolved_at as "resolvedAt", c.closed_at as "closedAt",
            case when ${OWN} then coalesce((select json_agg(json_build_object('direction', m.direction,
                        'channel', m.channel, 'body', m.body, 'mediaType', m.media_type, 'at', m.at)
                        order by m.at, m.id)
                        from complaint_message m where m.complaint_id = c.id), '[]') else '[]' end as messages
       from complaint c join account a on a.id = c.account_id
      where c.account_id = ? order by c.created_at, c.id`,
    [accountId],
  );
  const surveys = await em.execute(
    `select c.number as complaint, c.satisfaction as answers, c.surveyed_at as "surveyedAt"
       from complaint c join account a on a.id = c.account_id
      where c.account_id = ? and c.satisfaction is not null and ${OWN} order by c.surveyed_at, c.id`,
    [accountId],
  );
  const emailChanges = await em.execute(
    `select id, nik, new_email as "newEmail", reason, source, status, created_at as "createdAt",
            decided_at as "decidedAt", decision_note as "decisionNote", confirmed_at as "confirmedAt"
       from email_change_request where account_id = ? order by created_at, id`,
    [accountId],
  );
  const dataSubjectRequests = await em.execute(
    `select number, kind, status, details, via, created_at as "createdAt", due_at as "dueAt",
            decided_at as "decidedAt", reason
       from data_subject_request where account_id = ? order by created_at, id`,
    [accountId],
  );
  const audit = await em.execute<
    { at: Date; action: string; actorType: string; actorId: string | null; ip: string | null; details: unknown }[]
  >(
    `select e.at, e.action, e.actor_type as "actorType", e.actor_id as "actorId", e.ip, e.details
       from audit_event e
      where (e.target_type = 'account' and e.target_id = ?) or e.details->>'accountId' = ?
      order by e.seq`,
    [accountId, accountId],
  );
  const processing = audit.map((e) => {
    const self = e.actorType === 'ACCOUNT' && e.actorId === accountId;
    return {
      at: e.at,
      action: e.action,
      actorKind: e.actorType,
      actor: self ? ACTOR_KIND.ACCOUNT : (ACTOR_KIND[e.actorType] ?? e.actorType),
      purpose: purposeOf(e.action),
      // The address is the applicant's own only when they acted; a staff member's is theirs.
      ip: self ? e.ip : null,
      details: maskDetails(e.details),
    };
  });
  return JSON.parse(
    JSON.stringify({
      format: 'hak-akses-data-export/1',
      generatedAt: now.toISOString(),
      request,
      account,
      registrations,
      messages,
      complaints,
      surveys,
      emailChanges,
      dataSubjectRequests,
      processing,
    }),
  ) as ExportBundle;
}

const esc = (v: unknown) =>
  String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function cell(v: unknown): string {
  if (v === null || v === undefined || v === '') return '<span class="kosong">—</span>';
  if (typeof v === 'object') return `<code>${esc(JSON.stringify(v))}</code>`;
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return esc(fmtDate(v));
  return esc(v).replace(/\n/g, '<br>');
}

function fmtDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toLocaleString('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' })} WIB`;
}

const LABELS: Record<string, string> = {
  id: 'ID',
  username: 'Nama pengguna',
  status: 'Status',
  scale: 'Skala usaha',
  nonUmkKind: 'Jenis non-UMK',
  actorType: 'Jenis pelaku usaha',
  entityType: 'Bentuk badan usaha',
  nik: 'NIK',
  email: 'Email',
  phone: 'Nomor telepon',
  fullName: 'Nama lengkap',
  companyName: 'Nama perusahaan',
  birthDate: 'Tanggal lahir',
  gender: 'Jenis kelamin',
  address: 'Alamat',
  villageCode: 'Kode desa/kelurahan',
  provinceCode: 'Kode provinsi',
  npwp: 'NPWP',
  passportNumber: 'Nomor paspor',
  passportCountry: 'Negara paspor',
  nationality: 'Kewarganegaraan',
  profile: 'Profil (perusahaan, direktur)',
  nib: 'NIB',
  warnings: 'Catatan pemeriksaan',
  createdAt: 'Dibuat',
  activatedAt: 'Diaktifkan',
  expiresAt: 'Berlaku sampai',
  licensingStartedAt: 'Perizinan dimulai',
  extendedDays: 'Perpanjangan (hari)',
  emailVerifiedAt: 'Email diverifikasi',
  phoneVerifiedAt: 'Telepon diverifikasi',
  cancelledAt: 'Dibatalkan',
  consentVersion: 'Versi pemberitahuan privasi yang disetujui',
  consentAt: 'Persetujuan diberikan',
  consentChannel: 'Saluran persetujuan',
  consentWithdrawnAt: 'Persetujuan ditarik',
  processingRestricted: 'Pemrosesan dibatasi',
  processingRestrictedAt: 'Dibatasi sejak',
};

/** The bundle's lists, in the order and with the words the readable forms (page, PDF) show them. */
export const EXPORT_SECTIONS: {
  key: 'registrations' | 'messages' | 'complaints' | 'surveys' | 'emailChanges' | 'dataSubjectRequests' | 'processing';
  title: string;
  note?: string;
  columns: [string, string][];
}[] = [
  {
    key: 'registrations',
    title: 'Pendaftaran',
    columns: [
      ['createdAt', 'Dimulai'],
      ['step', 'Tahap'],
      ['channel', 'Saluran'],
      ['nik', 'NIK'],
      ['email', 'Email'],
      ['phone', 'Telepon'],
      ['completedAt', 'Selesai'],
    ],
  },
  {
    key: 'messages',
    title: 'Pesan yang dikirim kepada Anda',
    note: 'Tanpa kode verifikasi dan tautan: keduanya rahasia dan tidak disimpan.',
    columns: [
      ['createdAt', 'Waktu'],
      ['channel', 'Saluran'],
      ['recipient', 'Penerima'],
      ['subject', 'Judul'],
      ['body', 'Isi'],
      ['status', 'Status'],
    ],
  },
  {
    key: 'complaints',
    title: 'Pengaduan',
    columns: [
      ['number', 'Nomor'],
      ['createdAt', 'Dicatat'],
      ['category', 'Kategori'],
      ['description', 'Uraian'],
      ['reporterName', 'Nama pelapor'],
      ['reporterContact', 'Kontak pelapor'],
      ['status', 'Status'],
      ['resolution', 'Penyelesaian'],
      ['messages', 'Percakapan'],
    ],
  },
  {
    key: 'surveys',
    title: 'Survei kepuasan',
    columns: [
      ['complaint', 'Pengaduan'],
      ['surveyedAt', 'Diisi'],
      ['answers', 'Jawaban'],
    ],
  },
  {
    key: 'emailChanges',
    title: 'Permintaan ganti email',
    columns: [
      ['createdAt', 'Diajukan'],
      ['newEmail', 'Email baru'],
      ['reason', 'Alasan'],
      ['source', 'Sumber'],
      ['status', 'Status'],
      ['decisionNote', 'Catatan petugas'],
    ],
  },
  {
    key: 'dataSubjectRequests',
    title: 'Permintaan atas data pribadi',
    columns: [
      ['number', 'Nomor'],
      ['kind', 'Jenis'],
      ['createdAt', 'Diajukan'],
      ['status', 'Status'],
      ['details', 'Uraian'],
      ['reason', 'Keterangan petugas'],
    ],
  },
  {
    key: 'processing',
    title: 'Catatan pemrosesan',
    note: 'Setiap kali data Anda dibaca atau diubah, sistem mencatatnya: kapan, oleh siapa (jenisnya), apa, dan untuk apa.',
    columns: [
      ['at', 'Waktu'],
      ['actor', 'Oleh'],
      ['action', 'Tindakan'],
      ['purpose', 'Tujuan'],
      ['details', 'Rincian'],
    ],
  },
];

/** One value as plain text (the PDF): dates in WIB, yes/no, objects as compact JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object') return JSON.stringify(v).replace(/,"/g, ', "');
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return fmtDate(v);
  return String(v);
}

/** The account's field names as the readable forms show them. */
export const accountLabel = (key: string): string => LABELS[key] ?? key;

function table(rows: Record<string, unknown>[], columns: [string, string][]): string {
  if (!rows.length) return '<p class="kosong">Tidak ada data.</p>';
  const head = columns.map(([, label]) => `<th scope="col">${esc(label)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map(([k]) => `<td>${cell(r[k])}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The bundle as a readable page in Bahasa Indonesia, with the JSON and (when
 * given) the PDF inside to save: the link opens once, so everything the
 * applicant may want to keep must come with this one answer.
 */
export function exportHtml(b: ExportBundle, pdf?: Buffer): string {
  const account = Object.entries(b.account)
    .map(([k, v]) => `<tr><th scope="row">${esc(LABELS[k] ?? k)}</th><td>${cell(v)}</td></tr>`)
    .join('\n');
  const json = esc(JSON.stringify(b));
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data pribadi Anda di Hak Akses OSS (${esc(b.request.number)})</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f7}code{font-size:.8rem;word-break:break-all}.kosong{color:#666}
@media print{button{display:none}}
</style></head><body>
<h1>Data pribadi Anda di Hak Akses OSS</h1>
<p>Jawaban atas permintaan akses data pribadi nomor <strong>${esc(b.request.number)}</strong>, disusun
${esc(fmtDate(b.generatedAt))}, sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.
Halaman ini hanya dapat dibuka sekali: simpan atau cetak sekarang.</p>
<p><button type="button" id="unduh">Unduh sebagai JSON</button>${
    pdf
      ? ` <a id="unduh-pdf" download="data-pribadi-${esc(b.request.number)}.pdf" href="data:application/pdf;base64,${pdf.toString('base64')}">Unduh PDF</a>`
      : ''
  } <button type="button" onclick="print()">Cetak</button></p>
<h2>1. Akun</h2><table><tbody>${account}</tbody></table>
${EXPORT_SECTIONS.map(
  (x, i) => `<h2>${i + 2}. ${esc(x.title)}</h2>${x.note ? `<p>${esc(x.note)}</p>` : ''}\n${table(b[x.key], x.columns)}`,
).join('\n')}
<script type="application/json" id="data">${json}</script>
<script>
document.getElementById('unduh').addEventListener('click', function () {
  var text = new DOMParser().parseFromString(document.getElementById('data').innerHTML, 'text/html').documentElement.textContent;
  var a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = 'data-pribadi-${esc(b.request.number)}.json';
  a.click();
});
</script>
</body></html>`;
}
