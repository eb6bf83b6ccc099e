import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegionIndex } from '../../domain/wilayah';
import type { Clock } from '../../shared/clock';
import { assertNoFieldErrors, FieldErrors, forbidden, notFound } from '../../shared/errors';
import { isUuid, requireUuid } from '../../shared/ids';
import { type RequestContext, unitScopeOf } from '../../shared/request-context';
import type { VerificationChannel } from '../../domain/enums';
import type { AuditService } from '../audit/audit.service';
import { NATIONAL_UNIT_ID, ServiceUnit } from '../service-unit/service-unit.entity';
import { StaffUser } from '../staff/staff.entity';
import { OutreachEvent } from './outreach-event.entity';
import { deskOpen, instantOf, localDate, parseDate, parseTime, zoneOf } from './outreach-hours';

export interface OutreachEventInput {
  villageCode: string;
  date: string;
  startTime: string;
  endTime: string;
  officerIds: string[];
  requirements: string[];
  targetCount: number;
}

/** Registrations started at events, by what became of them. */
export interface OutreachCounts {
  started: number;
  completed: number;
  abandoned: number;
  inProgress: number;
}
export interface OutreachChannelCounts extends OutreachCounts {
  channel: VerificationChannel;
}
export interface OutreachTally extends OutreachCounts {
  byChannel: OutreachChannelCounts[];
}
export interface OutreachVillageRow {
  villageCode: string;
  villageName: string | null;
  events: number;
  target: number;
  counts: OutreachTally;
}
/** An event as the schema shows it. */
export interface OutreachEventView {
  id: string;
  unitId: string;
  unitName: string | null;
  villageCode: string;
  villageName: string | null;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  officerIds: string[];
  officerNames: string[];
  requirements: string[];
  targetCount: number;
  open: boolean;
  report?: OutreachTally;
}
export interface OutreachReportResult {
  from: string;
  to: string;
  events: OutreachEventView[];
  villages: OutreachVillageRow[];
  totals: OutreachTally;
}

export const MAX_OFFICERS = 20;
export const MAX_REQUIREMENTS = 20;
export const MAX_TARGET = 10_000;
/** The longest period one report covers (days). */
export const MAX_REPORT_DAYS = 366;

/** Control characters and lone surrogates: PostgreSQL's jsonb cannot keep them. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What applicants are asked to bring unless the office says otherwise (the Mojokerto guide). */
export const DEFAULT_REQUIREMENTS = ['KTP asli', 'Email aktif', 'Nomor WhatsApp aktif', 'NPWP (bila ada)'];

const emptyCounts = (): OutreachCounts => ({ started: 0, completed: 0, abandoned: 0, inProgress: 0 });
const emptyTally = (): OutreachTally => ({ ...emptyCounts(), byChannel: [] });

function addTo(t: OutreachTally, channel: VerificationChannel, c: OutreachCounts): void {
  let row = t.byChannel.find((r) => r.channel === channel);
  if (!row) {
    row = { channel, ...emptyCounts() };
    t.byChannel.push(row);
    t.byChannel.sort((a, b) => a.channel.localeCompare(b.channel));
  }
  for (const k of ['started', 'completed', 'abandoned', 'inProgress'] as const) {
    row[k] += c[k];
    t[k] += c[k];
  }
}

/**
 * Outreach ("jemput bola") events: a supervisor plans the day, its kelurahan,
 * hours, officers, checklist and target; the report counts what became of the
 * registrations started at its desk. A regional supervisor plans and sees only
 * the events of their own office; the national unit sees every office's.
 */
export class OutreachEvents {
  constructor(
    private readonly regions: RegionIndex,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The office whose events the caller may manage: null = every office (national staff, the system). */
  private scope(ctx: RequestContext): string | null {
    return unitScopeOf(ctx);
  }

  async list(ctx: RequestContext, filter: { unitId?: string | null; from?: string | null; to?: string | null }) {
    const f: FieldErrors = {};
    const where: Record<string, unknown> = {};
    const scope = this.scope(ctx);
    if (filter.unitId) {
      if (!isUuid(filter.unitId)) f.unitId = 'ID tidak valid.';
      else if (scope && filter.unitId.toLowerCase() !== scope) throw forbidden();
      else where.unitId = filter.unitId.toLowerCase();
    }
    if (scope) where.unitId = scope;
    if (filter.from && !parseDate(filter.from)) f.from = 'Tanggal dengan format YYYY-MM-DD.';
    if (filter.to && !parseDate(filter.to)) f.to = 'Tanggal dengan format YYYY-MM-DD.';
    assertNoFieldErrors(f);
    const range: Record<string, string> = {};
    if (filter.from) range.$gte = filter.from;
    if (filter.to) range.$lte = filter.to;
    if (filter.from || filter.to) where.eventDate = range;
    return ctx.em.find(OutreachEvent, where, {
      orderBy: { eventDate: 'desc', startTime: 'asc', id: 'asc' },
      limit: 500,
    });
  }

  /** [SUPERVISOR+] The active OUTREACH officers an event of the office can be given (default: the caller’s office). */
  async officers(ctx: RequestContext, unitId?: string | null): Promise<StaffUser[]> {
    const scope = this.scope(ctx);
    const unit = unitId ? requireUuid(unitId, 'unitId') : (scope ?? NATIONAL_UNIT_ID);
    if (scope && unit !== scope) throw forbidden();
    return ctx.em.find(StaffUser, { unitId: unit, role: 'OUTREACH', active: true }, { orderBy: { username: 'asc' } });
  }

  async get(ctx: RequestContext, id: string): Promise<OutreachEvent> {
    if (!isUuid(id)) throw notFound('Acara jemput bola');
    const event = await ctx.em.findOne(OutreachEvent, { id: id.toLowerCase() });
    if (!event) throw notFound('Acara jemput bola');
    const scope = this.scope(ctx);
    if (scope && event.unitId !== scope) throw forbidden();
    return event;
  }

  /** [SUPERVISOR+] Plans an event for an office (the caller's own, unless national). Audited. */
  async create(ctx: RequestContext, unitId: string | null | undefined, input: OutreachEventInput) {
    const scope = this.scope(ctx);
    const unit = unitId ? requireUuid(unitId, 'unitId') : (scope ?? NATIONAL_UNIT_ID);
    if (scope && unit !== scope) throw forbidden();
    return ctx.em.transactional(async (em) => {
      const office = await em.findOne(ServiceUnit, { id: unit });
      if (!office) throw notFound('Unit layanan');
      const checked = await this.check(em, office, input, true);
      const event = em.create(OutreachEvent, {
        unitId: office.id,
        ...checked,
        createdBy: ctx.actor.kind === 'STAFF' ? ctx.actor.staffId : null,
      });
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'OUTREACH_EVENT_CREATED',
        targetType: 'outreach_event',
        targetId: event.id,
        details: this.auditDetails(event),
      });
      return event;
    });
  }

  /** [SUPERVISOR+] Changes an event of the caller's office (every field but the office). Audited. */
  async update(ctx: RequestContext, id: string, input: OutreachEventInput) {
    return ctx.em.transactional(async (em) => {
      const event = await this.get({ ...ctx, em }, id);
      const office = await em.findOneOrFail(ServiceUnit, { id: event.unitId });
      const checked = await this.check(em, office, input, false);
      const before = this.auditDetails(event);
      Object.assign(event, checked, { updatedAt: new Date() });
      await em.flush();
      const after = this.auditDetails(event);
      const changed = Object.keys(after).filter(
        (k) => JSON.stringify(after[k as keyof typeof after]) !== JSON.stringify(before[k as keyof typeof before]),
      );
      this.audit.record(ctx, em, {
        action: 'OUTREACH_EVENT_UPDATED',
        targetType: 'outreach_event',
        targetId: event.id,
        details: { ...after, changed },
      });
      return event;
    });
  }

  private auditDetails(e: OutreachEvent) {
    return {
      villageCode: e.villageCode,
      date: e.eventDate,
      hours: `${e.startTime}-${e.endTime} ${e.timeZone}`,
      officers: e.officerIds.length,
      target: e.targetCount,
    };
  }

  private async check(em: EntityManager, office: ServiceUnit, input: OutreachEventInput, isNew: boolean) {
    const f: FieldErrors = {};
    const villageCode = String(input.villageCode ?? '')
      .replace(/\./g, '')
      .trim();
    const village = this.regions.village(villageCode);
    if (!village) f.villageCode = 'Kode kelurahan/desa harus 10 digit dan ada dalam data wilayah.';
    else if (office.regionCode && !villageCode.startsWith(office.regionCode)) {
      f.villageCode = 'Kelurahan/desa harus berada di wilayah unit layanan penyelenggara.';
    }
    const zone = zoneOf(villageCode || '31');
    const date = String(input.date ?? '').trim();
    if (!parseDate(date)) f.date = 'Tanggal dengan format YYYY-MM-DD.';
    else if (isNew && date < localDate(this.clock.now(), zone)) f.date = 'Tanggal acara tidak boleh sudah lewat.';
    const start = parseTime(String(input.startTime ?? ''));
    const end = parseTime(String(input.endTime ?? ''));
    if (start === undefined) f.startTime = 'Jam mulai dengan format JJ:MM (00:00-23:59).';
    if (end === undefined) f.endTime = 'Jam selesai dengan format JJ:MM (00:00-23:59).';
    else if (start !== undefined && end <= start) f.endTime = 'Jam selesai harus sesudah jam mulai.';
    const target = input.targetCount;
    if (!Number.isInteger(target) || target < 1 || target > MAX_TARGET) {
      f.targetCount = `Target pendaftaran 1-${MAX_TARGET}.`;
    }
    const requirements = (input.requirements ?? []).map((r) => String(r).trim()).filter((r) => r.length > 0);
    if (requirements.length > MAX_REQUIREMENTS) f.requirements = `Paling banyak ${MAX_REQUIREMENTS} persyaratan.`;
    else if (requirements.some((r) => r.length < 2 || r.length > 200)) {
      f.requirements = 'Setiap persyaratan 2-200 karakter.';
    } else if (requirements.some((r) => UNSTORABLE.test(r))) {
      f.requirements = 'Persyaratan berisi karakter yang tidak diizinkan.';
    }
    const officerIds = [...new Set((input.officerIds ?? []).map((o) => String(o).toLowerCase()))];
    if (officerIds.length < 1 || officerIds.length > MAX_OFFICERS) {
      f.officerIds = `Tugaskan 1-${MAX_OFFICERS} petugas jemput bola.`;
    } else if (officerIds.some((o) => !isUuid(o))) f.officerIds = 'ID petugas tidak valid.';
    else {
      const staff = await em.find(StaffUser, { id: { $in: officerIds } });
      const ok = staff.filter((s) => s.active && s.role === 'OUTREACH' && s.unitId === office.id);
      if (ok.length !== officerIds.length) {
        f.officerIds = 'Petugas harus staf aktif berperan OUTREACH dari unit layanan penyelenggara.';
      }
    }
    assertNoFieldErrors(f);
    return {
      villageCode,
      eventDate: date,
      startTime: input.startTime,
      endTime: input.endTime,
      timeZone: zone.name,
      startsAt: instantOf(date, input.startTime, zone),
      endsAt: instantOf(date, input.endTime, zone),
      officerIds,
      requirements: requirements.length ? requirements : DEFAULT_REQUIREMENTS,
      targetCount: target,
    };
  }

  /** "Gambir, Gambir, Kota Jakarta Pusat, DKI Jakarta" for a village code. */
  placeName(code: string): string | null {
    const v = this.regions.village(code);
    if (!v) return null;
    return [v.name, ...[6, 4, 2].map((n) => this.regions.get(code.slice(0, n))?.name)].filter(Boolean).join(', ');
  }

  /** Events as the schema shows them: names of the office, kelurahan and officers; counts when `withReport`. */
  async views(em: EntityManager, events: OutreachEvent[], withReport: boolean): Promise<OutreachEventView[]> {
    if (!events.length) return [];
    const units = await em.find(ServiceUnit, { id: { $in: [...new Set(events.map((e) => e.unitId))] } });
    const staff = await em.find(StaffUser, { id: { $in: [...new Set(events.flatMap((e) => e.officerIds))] } });
    const tallies = withReport
      ? await this.tallies(
          em,
          events.map((e) => e.id),
        )
      : undefined;
    const now = this.clock.now();
    return events.map((e) => ({
      id: e.id,
      unitId: e.unitId,
      unitName: units.find((u) => u.id === e.unitId)?.name ?? null,
      villageCode: e.villageCode,
      villageName: this.placeName(e.villageCode),
      date: e.eventDate,
      startTime: e.startTime,
      endTime: e.endTime,
      timeZone: e.timeZone,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      officerIds: e.officerIds,
      officerNames: e.officerIds.map((id) => staff.find((s) => s.id === id)?.username ?? id),
      requirements: e.requirements,
      targetCount: e.targetCount,
      open: deskOpen(now, e.startsAt, e.endsAt),
      report: tallies?.get(e.id),
    }));
  }

  /**
   * Counts per event (one query for any number of events), keyed by event id. A flow is abandoned once
   * it expired (24 hours, by the registration's own clock) without becoming an account.
   */
  async tallies(em: EntityManager, eventIds: readonly string[]): Promise<Map<string, OutreachTally>> {
    const out = new Map<string, OutreachTally>(eventIds.map((id) => [id, emptyTally()]));
    if (!eventIds.length) return out;
    const rows = await em.execute<
      { event_id: string; channel: VerificationChannel; started: string; completed: string; abandoned: string }[]
    >(
      `select f.outreach_event_id as event_id, f.channel,
              count(*) as started,
              count(*) filter (where f.step = 'DONE') as completed,
              count(*) filter (where f.step = 'EXPIRED' or (f.step <> 'DONE' and f.expires_at <= now())) as abandoned
         from registration_flow f
        where f.outreach_event_id in (${eventIds.map(() => '?').join(', ')})
        group by f.outreach_event_id, f.channel`,
      [...eventIds],
    );
    for (const r of rows) {
      const c = { started: +r.started, completed: +r.completed, abandoned: +r.abandoned, inProgress: 0 };
      c.inProgress = c.started - c.completed - c.abandoned;
      addTo(out.get(r.event_id)!, r.channel, c);
    }
    return out;
  }

  /** [SUPERVISOR+] Events held in [from, to] (local dates) with their counts, per kelurahan and in total. */
  async report(ctx: RequestContext, from: string, to: string): Promise<OutreachReportResult> {
    const f: FieldErrors = {};
    const a = parseDate(from);
    const b = parseDate(to);
    if (!a) f.from = 'Tanggal dengan format YYYY-MM-DD.';
    if (!b) f.to = 'Tanggal dengan format YYYY-MM-DD.';
    else if (a && to < from) f.to = 'Tanggal akhir harus sama dengan atau sesudah tanggal awal.';
    else if (a && (Date.parse(to) - Date.parse(from)) / 86400_000 > MAX_REPORT_DAYS) {
      f.to = `Laporan mencakup paling lama ${MAX_REPORT_DAYS} hari.`;
    }
    assertNoFieldErrors(f);
    const events = await this.list(ctx, { from, to });
    const tallies = await this.tallies(
      ctx.em,
      events.map((e) => e.id),
    );
    const villages = new Map<string, OutreachVillageRow>();
    const totals = emptyTally();
    for (const e of events) {
      const v = villages.get(e.villageCode) ?? {
        villageCode: e.villageCode,
        villageName: this.placeName(e.villageCode),
        events: 0,
        target: 0,
        counts: emptyTally(),
      };
      v.events++;
      v.target += e.targetCount;
      for (const c of tallies.get(e.id)!.byChannel) {
        addTo(v.counts, c.channel, c);
        addTo(totals, c.channel, c);
      }
      villages.set(e.villageCode, v);
    }
    return {
      from,
      to,
      events: await this.views(ctx.em, events, true),
      villages: [...villages.values()].sort((x, y) => x.villageCode.localeCompare(y.villageCode)),
      totals,
    };
  }

  /** The report over a metrics period (instants), by the local (WIB) dates it covers. */
  reportForPeriod(ctx: RequestContext, from: Date, to: Date): Promise<OutreachReportResult> {
    const wib = zoneOf('31');
    const last = new Date(Math.max(from.getTime(), to.getTime() - 1));
    const start = localDate(from, wib);
    let end = localDate(last, wib);
    if ((Date.parse(end) - Date.parse(start)) / 86400_000 > MAX_REPORT_DAYS) {
      end = new Date(Date.parse(start) + MAX_REPORT_DAYS * 86400_000).toISOString().slice(0, 10);
    }
    return this.report(ctx, start, end);
  }
}
