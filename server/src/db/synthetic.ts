import { luhnCheckDigit } from '../domain/npwp';
import { searchText } from '../domain/search';

/**
 * Deterministic synthetic data for load tests and benchmarks: the rows of
 * accounts numbered [from, from + n) as PostgreSQL COPY text, one string per
 * table. The same seed and number always give the same row, so an
 * interrupted load can resume at any batch boundary.
 *
 * Proportions follow the national figures (docs/domain.md): ≈99% UMK, ≈90%
 * individuals and the rest spread over the 14 legal forms, about a third
 * verifying by WhatsApp, activations over the last 60 days (so the expiries
 * of those not yet licensing spread over the next 30), ≈85% ACTIVE, ≈13%
 * CANCELLED by the 30-day rule, 2% SUSPENDED, one abandoned flow for every
 * ten finished ones.
 */

/** Columns of each table, in the order `generateBatch` writes them. */
export const COPY_COLUMNS = {
  account: [
    'id', 'username', 'status', 'scale', 'non_umk_kind', 'actor_type', 'entity_type', 'nik', 'email', 'phone',
    'full_name', 'company_name', 'birth_date', 'gender', 'address', 'village_code', 'province_code', 'npwp',
    'password_hash', 'warnings', 'profile', 'created_at', 'activated_at', 'expires_at', 'licensing_started_at',
    'email_verified_at', 'phone_verified_at', 'cancelled_at', 'search_name', 'consent_version', 'consent_at',
    'consent_channel',
  ],
  registration_flow: [
    'id', 'step', 'scale', 'non_umk_kind', 'actor_type', 'entity_type', 'nik', 'channel', 'email', 'phone',
    'send_times', 'warnings', 'verified_at', 'expires_at', 'created_at', 'completed_at', 'account_id',
  ],
  outbox_message: [
    'id', 'channel', 'recipient', 'template', 'subject', 'body', 'params', 'status', 'attempts', 'last_error',
    'account_id', 'registration_id', 'created_at', 'sent_at',
  ],
  audit_event: ['id', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'details', 'at'],
  complaint: [
    'id', 'number', 'status', 'channel', 'category', 'description', 'reporter_name', 'reporter_contact',
    'account_id', 'due_at', 'created_at', 'resolved_at', 'search_text',
  ],
} as const; // prettier-ignore

export type SyntheticTable = keyof typeof COPY_COLUMNS;
export const SYNTHETIC_TABLES = Object.keys(COPY_COLUMNS) as SyntheticTable[];

const FIRST = (
  'muhammad siti ahmad nur dewi agus sri budi rina wahyu putri eko fitri andi ayu rizky indah hendra lestari fajar ' +
  'wildan kartika joko yusuf ratna bayu dian rahmat yuli hadi novi irfan sari dedi wulan arif mega taufik rini ' +
  'bambang yanti slamet endang supriyadi tri heru ani imam lilis rudi nining ilham desi kurniawan ika iwan eka ' +
  'made ketut nyoman wayan putu gede komang kadek luh ni tiara asep ujang cecep dadang euis neneng ucok butet ' +
  'poltak togar rosmawati andreas yohanes maria agnes fransiskus stefanus yosef daeng andi baso hasanuddin ' +
  'fatimah aisyah zainal syahrul darmawan haryanto suparman sutrisno paijo tukiyem sumarni ngatini rohmah'
).split(' ');
const LAST = (
  'pratama saputra lestari wati santoso hidayat nugroho kusuma rahmawati setiawan siregar nasution wibowo ' +
  'susanto hasibuan harahap purnomo gunawan halim lubis ginting simanjuntak sihombing pane tanjung sitompul ' +
  'situmorang panjaitan manurung sinaga hutapea pardede marpaung damanik saragih purba sembiring tarigan ' +
  'karo sebayang wijaya suryadi hartono kurniawati maharani permana ramadhan firmansyah syahputra hakim ' +
  'mahendra anggraini puspitasari handayani susilo utomo prasetyo widodo sulistyo yulianti fauzi rangkuti ' +
  'batubara daulay matondang pulungan nainggolan tambunan pasaribu latuconsina pattimura wenda kogoya ' +
  'rumbiak mandagi lumban tobing sumual pangemanan wowor tumbelaka rompas mokoginta'
).split(' ');
const COMPANY_WORDS = (
  'jaya makmur sentosa abadi sejahtera mandiri berkah sukses bersama maju karya mulia agung lestari indah ' +
  'nusantara bahari tani usaha cipta prima utama global sinar terang mitra sumber rejeki barokah amanah ' +
  'mekar sari rasa kopi batik kriya furnitur logam tekstil pangan niaga teknik digital kreatif'
).split(' ');
/** Operator prefixes after the leading 0 (Telkomsel, Indosat, XL, Smartfren, Tri). */
const MOBILE_PREFIXES = [
  '811',
  '812',
  '813',
  '821',
  '822',
  '852',
  '853',
  '856',
  '857',
  '858',
  '877',
  '878',
  '881',
  '895',
  '896',
];
const DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.co.id', 'yahoo.com', 'outlook.com', 'ymail.com'];
const ENTITY_TYPES = [
  'PT', 'PT_PERORANGAN', 'CV', 'FIRMA', 'PERSEKUTUAN_PERDATA', 'PERUM', 'PERUMDA', 'BADAN_HUKUM_LAINNYA',
  'KOPERASI', 'PERKUMPULAN', 'YAYASAN', 'BADAN_LAYANAN_UMUM', 'BENTUK_USAHA_TETAP', 'BUMDES',
]; // prettier-ignore
/** Most entities are PT perorangan, CV or PT; the rarer forms still appear. */
const ENTITY_WEIGHTS = [20, 35, 25, 2, 1, 0.2, 0.3, 0.5, 6, 2, 5, 0.5, 0.5, 2];
const NON_UMK_KINDS = ['MENENGAH', 'BESAR', 'KANTOR_PERWAKILAN', 'BADAN_USAHA_LUAR_NEGERI'];
const COMPLAINT_CATEGORIES = ['CODE_NOT_RECEIVED', 'LOGIN_LOCKED', 'INACTIVE_EMAIL', 'LOST_ACCOUNT', 'OTHER'];
const COMPLAINT_CHANNELS = ['PHONE', 'WHATSAPP', 'EMAIL', 'WEBSITE', 'WALK_IN', 'SP4N_LAPOR', 'DROP_BOX'];
const DAY = 86_400_000;

/** mulberry32: small, fast and good enough for synthetic data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A UUID whose leading 8 hex digits are the row number: rows arrive in key
 * order (cheap primary-key inserts), and a table tag keeps tables apart.
 */
function uuid(i: number, tag: number, r: () => number): string {
  const hex = (n: number, w: number) => Math.floor(n).toString(16).padStart(w, '0');
  return (
    `${hex(i, 8)}-${hex(tag, 4)}-4${hex(r() * 0x1000, 3)}-${hex(0x8000 + r() * 0x3fff, 4)}-` +
    `${hex(r() * 0x1000000, 6)}${hex(r() * 0x1000000, 6)}`
  );
}

function weighted(r: () => number, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let k = 0; k < weights.length; k++) if ((x -= weights[k]) < 0) return k;
  return weights.length - 1;
}

const cell = (v: string | number | null | undefined): string =>
  v === null || v === undefined ? '\\N' : String(v).replace(/[\\\t\n\r]/g, ' ');
const row = (cols: (string | number | null | undefined)[]): string => cols.map(cell).join('\t') + '\n';
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface SyntheticContext {
  seed: number;
  /** Village codes (10 digits) to draw addresses and NIK regions from. */
  villages: string[];
  /** One argon2id hash used for every synthetic password (hashing 10 million is not the point). */
  passwordHash: string;
  /** "Now" for the generated timestamps. */
  now: number;
}

export type SyntheticBatch = Record<SyntheticTable, string>;

/**
 * NIKs are unique by construction: the serial (last 4 digits) is the row
 * number modulo 9,999 and the birth date moves to a new 17-day window for
 * every 9,999 rows, so no two rows share district, birth date and serial.
 */
function nikFor(i: number, district: string, r: () => number) {
  const serial = (i % 9999) + 1;
  const window = Math.floor(i / 9999);
  const birth = Date.UTC(1958, 0, 1) + ((window * 17 + Math.floor(r() * 17)) % (48 * 365)) * DAY;
  const d = new Date(birth);
  const female = r() < 0.5;
  const dd = d.getUTCDate() + (female ? 40 : 0);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const nik = `${district}${p2(dd)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCFullYear() % 100)}${String(serial).padStart(4, '0')}`;
  return { nik, birthDate: d.toISOString().slice(0, 10), gender: female ? 'FEMALE' : 'MALE' };
}

function npwpFor(i: number): string {
  const first8 = String(10_000_000 + (i % 89_999_999)).slice(0, 8);
  return `0${first8}${luhnCheckDigit(first8)}${String(i % 1_000_000).padStart(6, '0')}`;
}

export function generateBatch(ctx: SyntheticContext, from: number, n: number): SyntheticBatch {
  const out: Record<SyntheticTable, string[]> = {
    account: [],
    registration_flow: [],
    outbox_message: [],
    audit_event: [],
    complaint: [],
  };
  for (let i = from; i < from + n; i++) {
    const r = rng(ctx.seed * 0x9e3779b1 + i);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const id = uuid(i, 0xacc0, r);
    const entity = r() < 0.1;
    const entityType = entity ? ENTITY_TYPES[weighted(r, ENTITY_WEIGHTS)] : null;
    const scale = r() < 0.989 && entityType !== 'BENTUK_USAHA_TETAP' ? 'UMK' : 'NON_UMK';
    const village = pick(ctx.villages);
    const person = nikFor(i, village.slice(0, 6), r);
    const first = pick(FIRST);
    const middle = r() < 0.3 ? ` ${pick(FIRST)}` : '';
    const last = r() < 0.85 ? ` ${pick(LAST)}` : '';
    const fullName = `${first}${middle}${last}`.toUpperCase();
    const company = entity
      ? `${pick(COMPANY_WORDS)} ${pick(COMPANY_WORDS)} ${last.trim() || pick(COMPANY_WORDS)}`.toUpperCase()
      : null;
    // The server's wide username form (a name, six digits, two letters), unique by row number.
    const letters = String.fromCharCode(97 + (Math.floor(i / 26e6) % 26), 97 + (Math.floor(i / 1e6) % 26));
    const handle = (company ?? first)
      .replace(/[^a-z]/gi, '')
      .toLowerCase()
      .slice(0, 10);
    const username = `${handle}${String(i % 1e6).padStart(6, '0')}${letters}`;
    const whatsapp = !entity && r() < 0.35;
    const email = `${first}${last.trim() ? '.' + last.trim() : ''}.${i.toString(36)}@${pick(DOMAINS)}`;
    const phone = `+62${pick(MOBILE_PREFIXES)}${String(i % 100_000_000).padStart(8, '0')}`;
    const created = ctx.now - Math.floor(r() * 60 * DAY);
    const statusRoll = r();
    const expiry = created + 30 * DAY;
    // Most applicants whose 30 days are over did start licensing (the rest were cancelled); newer ones are on the way.
    const licensed = r() < (expiry < ctx.now ? 0.75 : 0.3);
    const status = statusRoll < 0.02 ? 'SUSPENDED' : !licensed && expiry < ctx.now ? 'CANCELLED' : 'ACTIVE';
    const expiresAt = status === 'ACTIVE' && !licensed ? expiry : null;
    const profile = entity
      ? {
          company: { name: company, npwp: npwpFor(i), phone },
          director: { nik: person.nik, fullName, position: 'DIREKTUR', gender: person.gender },
        }
      : {};
    out.account.push(
      row([
        id,
        username,
        status,
        scale,
        scale === 'NON_UMK' ? pick(NON_UMK_KINDS.slice(0, entity ? 4 : 2)) : null,
        entity ? 'BUSINESS_ENTITY' : 'INDIVIDUAL',
        entityType,
        entity ? null : person.nik,
        whatsapp && r() < 0.5 ? null : email,
        phone,
        fullName,
        company,
        entity ? null : person.birthDate,
        entity ? null : person.gender,
        `JL. ${pick(LAST).toUpperCase()} NO. ${1 + Math.floor(r() * 200)}`,
        village,
        village.slice(0, 2),
        entity ? npwpFor(i) : null,
        ctx.passwordHash,
        '[]',
        JSON.stringify(profile),
        iso(created),
        iso(created),
        iso(expiresAt),
        // Within the 30 days, and not after now.
        licensed ? iso(created + Math.floor(r() * Math.min(29 * DAY, ctx.now - created))) : null,
        whatsapp ? null : iso(created),
        whatsapp ? iso(created) : null,
        status === 'CANCELLED' ? iso(expiry) : null,
        searchText(fullName, company),
        // The terms and privacy notice accepted at registration (version 1).
        1,
        iso(created),
        'SELF_SERVICE',
      ]),
    );
    const flowId = id.replace(/-/g, '');
    const channel = whatsapp ? 'WHATSAPP' : 'EMAIL';
    const started = created - Math.floor(r() * 3_600_000);
    out.registration_flow.push(
      row([
        flowId,
        'DONE',
        scale,
        null,
        entity ? 'BUSINESS_ENTITY' : 'INDIVIDUAL',
        entityType,
        entity ? null : person.nik,
        channel,
        email,
        whatsapp ? phone : null,
        JSON.stringify([iso(started)]),
        '[]',
        iso(started + 120_000),
        iso(started + DAY),
        iso(started),
        iso(created),
        id,
      ]),
    );
    const failed = r() < 0.02;
    out.outbox_message.push(
      row([
        uuid(i, 0x0b0c, r),
        channel,
        whatsapp ? phone : email,
        'registration_code',
        whatsapp ? null : 'Kode verifikasi OSS',
        '[disunting setelah terkirim]',
        '[]',
        failed ? 'DEAD' : 'SENT',
        failed ? 10 : 1,
        failed ? (whatsapp ? 'HTTP 400 nomor tidak terdaftar di WhatsApp' : '550 mailbox unavailable') : null,
        null,
        flowId,
        iso(started),
        failed ? null : iso(started + 2_000),
      ]),
    );
    out.audit_event.push(
      row([uuid(i, 0xa0d1, r), 'PUBLIC', null, 'ACCOUNT_CREATED', 'account', id, '{}', iso(created)]),
    );
    if (i % 10 === 9) {
      // An abandoned flow: a code went out and was never entered.
      const abandoned = uuid(i, 0xf10e, r).replace(/-/g, '');
      out.registration_flow.push(
        row([
          abandoned, 'EXPIRED', 'UMK', null, 'INDIVIDUAL', null, nikFor(i + 1, village.slice(0, 6), r).nik, channel,
          whatsapp ? null : `calon.${i.toString(36)}@${pick(DOMAINS)}`, whatsapp ? `+62899${String(i % 100_000_000).padStart(8, '0')}` : null,
          JSON.stringify([iso(started)]), '[]', null, iso(started + DAY), iso(started), null, null,
        ]), // prettier-ignore
      );
    }
    if (r() < 0.003) {
      const state = pick(['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED']);
      const opened = created + Math.floor(r() * 5 * DAY);
      out.complaint.push(
        row([
          uuid(i, 0xc0a1, r),
          `ADU-S${String(i).padStart(9, '0')}`,
          state,
          pick(COMPLAINT_CHANNELS),
          pick(COMPLAINT_CATEGORIES),
          'Pemohon melaporkan kendala pendaftaran hak akses (data sintetis).',
          fullName,
          whatsapp ? phone : email,
          id,
          iso(opened + 3 * DAY),
          iso(opened),
          state === 'RESOLVED' || state === 'CLOSED' ? iso(opened + DAY) : null,
          searchText(`ADU-S${String(i).padStart(9, '0')}`, fullName),
        ]),
      );
    }
  }
  return Object.fromEntries(Object.entries(out).map(([t, rows]) => [t, rows.join('')])) as SyntheticBatch;
}
