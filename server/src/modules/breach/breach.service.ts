import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isDataRequestOverdue, secondsLeft } from '../../domain/data-request';
import type { Clock } from '../../shared/clock';
import { assertNoFieldErrors, FieldErrors, forbidden, notFound } from '../../shared/errors';
import { isUuid, requireUuid } from '../../shared/ids';
import type { Page } from '../../shared/pagination';
import { pgArray } from '../../shared/sql';
import { nationalOnly, RequestContext, staffActor } from '../../shared/request-context';
import { newestFirst } from '../../db/pages';
import type { AccountQueries } from '../account/account-query.service';
import { contactFor } from '../account/account-query.service';
import type { AuditService } from '../audit/audit.service';
import type { OutboxService } from '../messaging/outbox.service';
import { BreachIncident } from './breach.entity';

/** The personal data a breach may expose, with the words the notice uses. */
export const DATA_CATEGORY_LABEL: Record<string, string> = {
  NIK: 'NIK',
  NAME: 'nama',
  EMAIL: 'alamat email',
  PHONE: 'nomor telepon',
  BIRTH_DATE: 'tanggal lahir',
  ADDRESS: 'alamat',
  NPWP: 'NPWP',
  PASSPORT: 'data paspor',
  PASSWORD_HASH: 'kata sandi tersandi (hash)',
  COMPANY: 'data perusahaan dan direktur',
  OTHER: 'data lain (lihat uraian)',
};

/** The 3×24 hours UU PDP allows to tell the people affected and the supervisory body. */
export const BREACH_DEADLINE_HOURS = 72;

export interface BreachInput {
  foundAt: Date;
  dataCategories: string[];
  description: string;
  measures: string;
}

/** Which accounts a breach affected: every given condition must hold. */
export interface AffectedQuery {
  accountIds?: string[] | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  provinceCode?: string | null;
  status?: string | null;
}

export interface BreachCounts {
  affected: number;
  notified: number;
  unreachable: number;
}

const text = (f: FieldErrors, field: string, v: string, min: number, max: number) => {
  const t = v?.trim() ?? '';
  if (t.length < min) f[field] = `Isi minimal ${min} karakter.`;
  else if (t.length > max) f[field] = `Maksimal ${max} karakter.`;
  else if (t.includes('\u0000')) f[field] = 'Berisi karakter yang tidak diizinkan.';
  return t;
};

/**
 * The breach register (UU PDP): a supervisor records an incident (found at,
 * what data, how, measures), selects the affected accounts by a query, sends
 * each affected applicant the notice once through the outbox, and produces
 * the report for the supervisory body. The clock runs from `foundAt`: 72
 * hours to notify and report. Everything is audited.
 */
export class BreachService {
  constructor(
    private readonly accounts: AccountQueries,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async record(ctx: RequestContext, input: BreachInput): Promise<BreachIncident> {
    nationalOnly(ctx);
    const me = staffActor(ctx);
    if (!me) throw forbidden();
    const f: FieldErrors = {};
    const description = text(f, 'description', input.description, 10, 5000);
    const measures = text(f, 'measures', input.measures, 10, 5000);
    const categories = [...new Set(input.dataCategories)];
    if (!categories.length) f.dataCategories = 'Pilih minimal satu jenis data yang terdampak.';
    if (categories.some((c) => !DATA_CATEGORY_LABEL[c])) f.dataCategories = 'Jenis data tidak dikenal.';
    const now = this.clock.now();
    if (!(input.foundAt instanceof Date) || Number.isNaN(input.foundAt.getTime())) f.foundAt = 'Waktu tidak valid.';
    else if (input.foundAt.getTime() > now.getTime() + 60_000) f.foundAt = 'Waktu ditemukan tidak boleh di masa depan.';
    assertNoFieldErrors(f);
    return ctx.em.transactional(async (em) => {
      const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('breach_incident_number_seq') as n`);
      const b = em.create(BreachIncident, {
        number: `INS-${now.getUTCFullYear()}-${String(n).padStart(6, '0')}`,
        foundAt: input.foundAt,
        createdAt: now,
        createdBy: me.staffId,
        dataCategories: categories,
        description,
        measures,
        dueAt: new Date(input.foundAt.getTime() + BREACH_DEADLINE_HOURS * 3600_000),
      });
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'BREACH_RECORDED',
        targetType: 'breach_incident',
        targetId: b.id,
        details: { incident: b.number, foundAt: b.foundAt.toISOString(), dataCategories: categories },
      });
      return b;
    });
  }

  /** Adds the accounts the query finds (anonymised ones excepted) to the incident; returns how many were new. */
  async selectAffected(
    ctx: RequestContext,
    id: string,
    q: AffectedQuery,
  ): Promise<{ incident: BreachIncident; added: number }> {
    nationalOnly(ctx);
    const where: string[] = ['a.anonymised_at is null'];
    const params: unknown[] = [];
    const f: FieldErrors = {};
    if (q.accountIds?.length) {
      if (q.accountIds.length > 10_000) f.accountIds = 'Maksimal 10.000 akun sekaligus.';
      if (q.accountIds.some((x) => !isUuid(x))) f.accountIds = 'ID akun tidak valid.';
      where.push('a.id = any(?::uuid[])');
      params.push(pgArray(q.accountIds.map((x) => x.toLowerCase())));
    }
    if (q.createdFrom) {
      where.push('a.created_at >= ?');
      params.push(q.createdFrom);
    }
    if (q.createdTo) {
      where.push('a.created_at < ?');
      params.push(q.createdTo);
    }
    if (q.createdFrom && q.createdTo && q.createdFrom >= q.createdTo) f.createdTo = 'Harus sesudah createdFrom.';
    if (q.provinceCode) {
      if (!/^\d{2}$/.test(q.provinceCode)) f.provinceCode = 'Kode provinsi 2 angka.';
      where.push('a.province_code = ?');
      params.push(q.provinceCode);
    }
    if (q.status) {
      where.push('a.status = ?');
      params.push(q.status);
    }
    if (where.length === 1) f.query = 'Isi minimal satu syarat: akun yang terdampak harus dipilih dengan sengaja.';
    assertNoFieldErrors(f);
    return ctx.em.transactional(async (em) => {
      const incident = await this.lock(em, id);
      const now = this.clock.now();
      const rows = await em.execute<{ n: number }[]>(
        `with added as (
           insert into breach_affected (incident_id, account_id, selected_at)
           select ?, a.id, ? from account a where ${where.join(' and ')}
           on conflict do nothing returning 1)
         select count(*)::int as n from added`,
        [incident.id, now, ...params],
      );
      const added = rows[0].n;
      this.audit.record(ctx, em, {
        action: 'BREACH_ACCOUNTS_SELECTED',
        targetType: 'breach_incident',
        targetId: incident.id,
        details: {
          incident: incident.number,
          added,
          conditions: Object.keys(q).filter((k) => {
            const v = q[k as keyof AffectedQuery];
            return v != null && (!Array.isArray(v) || v.length > 0);
          }),
        },
      });
      return { incident, added };
    });
  }

  /**
   * Sends the notice to every affected applicant not told yet, at their
   * verified contact, through the outbox: each one once, whatever how often
   * this runs (the incident row is locked, and each account is marked).
   * Accounts without a verified contact stay unreachable, counted.
   */
  async notify(ctx: RequestContext, id: string): Promise<{ incident: BreachIncident; sent: number }> {
    nationalOnly(ctx);
    return ctx.em.transactional(async (em) => {
      const incident = await this.lock(em, id);
      const pending = await em.execute<{ account_id: string }[]>(
        `select account_id from breach_affected where incident_id = ? and notified_at is null order by account_id`,
        [incident.id],
      );
      const now = this.clock.now();
      const accounts = await this.accounts.byIds(
        em,
        pending.map((p) => p.account_id),
      );
      const what = incident.dataCategories.map((c) => DATA_CATEGORY_LABEL[c] ?? c).join(', ');
      let sent = 0;
      for (const a of accounts) {
        const contact = a && !a.anonymisedAt ? contactFor(a) : undefined;
        if (!a || !contact) continue;
        await this.outbox.enqueue(em, {
          ...contact,
          template: 'breach_notice',
          params: [incident.number, formatWib(incident.foundAt), what, incident.description, incident.measures],
          accountId: a.id,
        });
        await em.execute(
          `update breach_affected set notified_at = ?, channel = ? where incident_id = ? and account_id = ?`,
          [now, contact.channel, incident.id, a.id],
        );
        this.audit.record(ctx, em, {
          action: 'BREACH_NOTICE_SENT',
          targetType: 'account',
          targetId: a.id,
          details: { incident: incident.number, channel: contact.channel },
        });
        sent++;
      }
      incident.notifiedAt = now;
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'BREACH_NOTIFIED',
        targetType: 'breach_incident',
        targetId: incident.id,
        details: { incident: incident.number, sent, unreachable: pending.length - sent },
      });
      return { incident, sent };
    });
  }

  /** Records that the report went to the supervisory body (how, in the note). */
  async markReported(ctx: RequestContext, id: string, note: string): Promise<BreachIncident> {
    nationalOnly(ctx);
    const f: FieldErrors = {};
    const n = text(f, 'note', note, 5, 1000);
    assertNoFieldErrors(f);
    return ctx.em.transactional(async (em) => {
      const incident = await this.lock(em, id);
      incident.reportedAt = this.clock.now();
      incident.reportNote = n;
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'BREACH_REPORTED',
        targetType: 'breach_incident',
        targetId: incident.id,
        details: { incident: incident.number, note: n },
      });
      return incident;
    });
  }

  async get(em: EntityManager, id: string): Promise<BreachIncident> {
    const b = await em.findOne(BreachIncident, { id: requireUuid(id) });
    if (!b) throw notFound('Insiden');
    return b;
  }

  list(em: EntityManager, first?: number | null, after?: string | null): Promise<Page<BreachIncident>> {
    return newestFirst(em, BreachIncident, {}, first, after);
  }

  async counts(em: EntityManager, ids: readonly string[]): Promise<Map<string, BreachCounts>> {
    const rows = await em.execute<{ id: string; affected: number; notified: number; unreachable: number }[]>(
      `select b.incident_id as id, count(*)::int as affected, count(b.notified_at)::int as notified,
              (count(*) filter (where b.notified_at is null and b.selected_at <= i.notified_at))::int as unreachable
         from breach_affected b join breach_incident i on i.id = b.incident_id
        where b.incident_id = any(?::uuid[]) group by b.incident_id`,
      [pgArray(ids)],
    );
    return new Map(rows.map((r) => [r.id, { affected: r.affected, notified: r.notified, unreachable: r.unreachable }]));
  }

  /** Undecided: not both told and reported; overdue past dueAt. */
  overdue(b: BreachIncident, now = this.clock.now()): boolean {
    return isDataRequestOverdue(b.dueAt, !!(b.notifiedAt && b.reportedAt), now);
  }

  secondsLeft(b: BreachIncident, now = this.clock.now()): number | null {
    return b.notifiedAt && b.reportedAt ? null : secondsLeft(b.dueAt, now);
  }

  /** The report for the supervisory body: what happened, what data, how many people, what is done; no personal data. */
  async report(em: EntityManager, id: string): Promise<BreachReport> {
    const b = await this.get(em, id);
    const counts = (await this.counts(em, [b.id])).get(b.id) ?? { affected: 0, notified: 0, unreachable: 0 };
    const byProvince = await em.execute<{ provinceCode: string | null; count: number }[]>(
      `select a.province_code as "provinceCode", count(*)::int as count
         from breach_affected x join account a on a.id = x.account_id
        where x.incident_id = ? group by 1 order by 2 desc, 1`,
      [b.id],
    );
    const now = this.clock.now();
    return {
      format: 'hak-akses-breach-report/1',
      generatedAt: now.toISOString(),
      controller: 'Hak Akses OSS (Sistem Perizinan Berusaha Terintegrasi Secara Elektronik)',
      incident: {
        number: b.number,
        foundAt: b.foundAt.toISOString(),
        recordedAt: b.createdAt.toISOString(),
        dataCategories: b.dataCategories,
        dataCategoriesText: b.dataCategories.map((c) => DATA_CATEGORY_LABEL[c] ?? c),
        description: b.description,
        measures: b.measures,
      },
      deadline: b.dueAt.toISOString(),
      overdue: this.overdue(b, now),
      affected: { total: counts.affected, notified: counts.notified, unreachable: counts.unreachable, byProvince },
      notifiedAt: b.notifiedAt?.toISOString() ?? null,
      reportedAt: b.reportedAt?.toISOString() ?? null,
    };
  }

  private async lock(em: EntityManager, id: string): Promise<BreachIncident> {
    const b = await em.findOne(BreachIncident, { id: requireUuid(id) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!b) throw notFound('Insiden');
    return b;
  }
}

export interface BreachReport {
  format: 'hak-akses-breach-report/1';
  generatedAt: string;
  controller: string;
  incident: {
    number: string;
    foundAt: string;
    recordedAt: string;
    dataCategories: string[];
    dataCategoriesText: string[];
    description: string;
    measures: string;
  };
  deadline: string;
  overdue: boolean;
  affected: {
    total: number;
    notified: number;
    unreachable: number;
    byProvince: { provinceCode: string | null; count: number }[];
  };
  notifiedAt: string | null;
  reportedAt: string | null;
}

export function formatWib(d: Date | string): string {
  return `${new Date(d).toLocaleString('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' })} WIB`;
}

const esc = (v: unknown) =>
  String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The report as a page in Bahasa Indonesia (to print, or save as PDF, for the supervisory body). */
export function breachReportHtml(r: BreachReport): string {
  const row = (k: string, v: string) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`;
  const provinces = r.affected.byProvince
    .map((p) => `<tr><td>${esc(p.provinceCode ?? '—')}</td><td>${p.count}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Laporan kegagalan pelindungan data pribadi ${esc(r.incident.number)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f7;width:30%}</style></head><body>
<h1>Laporan kegagalan pelindungan data pribadi</h1>
<p>Disampaikan sesuai Pasal 46 Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.</p>
<table><tbody>
${row('Pengendali data', esc(r.controller))}
${row('Nomor insiden', esc(r.incident.number))}
${row('Waktu diketahui', esc(formatWib(r.incident.foundAt)))}
${row('Dicatat', esc(formatWib(r.incident.recordedAt)))}
${row('Batas pemberitahuan (3×24 jam)', esc(formatWib(r.deadline)) + (r.overdue ? ' <strong>(terlampaui)</strong>' : ''))}
${row('Data pribadi yang terungkap', esc(r.incident.dataCategoriesText.join(', ')))}
${row('Bagaimana terjadi', esc(r.incident.description).replace(/\n/g, '<br>'))}
${row('Upaya penanganan dan pemulihan', esc(r.incident.measures).replace(/\n/g, '<br>'))}
${row('Subjek data terdampak', String(r.affected.total))}
${row('Sudah diberi tahu', `${r.affected.notified}${r.notifiedAt ? ` (terakhir ${esc(formatWib(r.notifiedAt))})` : ''}`)}
${row('Tidak dapat dihubungi (tanpa kontak terverifikasi)', String(r.affected.unreachable))}
${row('Dilaporkan ke lembaga pengawas', r.reportedAt ? esc(formatWib(r.reportedAt)) : 'belum')}
</tbody></table>
<h2>Sebaran per provinsi</h2>
<table><thead><tr><th scope="col">Kode provinsi</th><th scope="col">Jumlah akun</th></tr></thead><tbody>${provinces}</tbody></table>
<p>Disusun ${esc(formatWib(r.generatedAt))}.</p>
</body></html>`;
}
