import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegionIndex } from '../../domain/wilayah';
import { AppError, assertNoFieldErrors, FieldErrors, notFound } from '../../shared/errors';
import { requireUuid } from '../../shared/ids';
import { type RequestContext, unitScopeOf } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import { StaffUser } from '../staff/staff.entity';
import { NATIONAL_UNIT_ID, ServiceUnit } from './service-unit.entity';

/**
 * Service units and who sees what: an officer of a regional unit works on
 * that unit's complaints and SKM only; the national unit (and the system,
 * API keys) sees every unit. Account data stays national.
 */
export class ServiceUnitService {
  constructor(
    private readonly regions: RegionIndex,
    private readonly audit: AuditService,
  ) {}

  list(em: EntityManager): Promise<ServiceUnit[]> {
    return em.find(ServiceUnit, {}, { orderBy: { national: 'desc', regionCode: 'asc' } });
  }

  async get(em: EntityManager, id: string): Promise<ServiceUnit> {
    const unit = await em.findOne(ServiceUnit, { id: requireUuid(id, 'unitId') });
    if (!unit) throw notFound('Unit layanan');
    return unit;
  }

  /** [ADMIN] A regional unit for a province or regency that has none yet. */
  async create(ctx: RequestContext, name: string, regionCode: string): Promise<ServiceUnit> {
    const f: FieldErrors = {};
    const trimmed = typeof name === 'string' ? name.trim() : '';
    const code = typeof regionCode === 'string' ? regionCode.replace(/\./g, '').trim() : '';
    if (trimmed.length < 3 || trimmed.length > 150) f.name = 'Nama unit 3-150 karakter.';
    if (!/^\d{2}(\d{2})?$/.test(code) || !this.regions.get(code)) {
      f.regionCode = 'Kode wilayah harus kode provinsi (2 digit) atau kabupaten/kota (4 digit) yang ada.';
    }
    assertNoFieldErrors(f);
    return ctx.em.transactional(async (em) => {
      if (await em.findOne(ServiceUnit, { regionCode: code })) {
        throw new AppError('CONFLICT', `Wilayah ${code} sudah memiliki unit layanan.`, { regionCode: code });
      }
      const unit = em.create(ServiceUnit, { name: trimmed, regionCode: code });
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'SERVICE_UNIT_CREATED',
        targetType: 'service_unit',
        targetId: unit.id,
        details: { name: trimmed, regionCode: code },
      });
      return unit;
    });
  }

  /** [ADMIN] Moves a staff user to a unit; what they see changes with their next call. Audited. */
  async assignStaff(ctx: RequestContext, staffId: string, unitId: string): Promise<StaffUser> {
    const sid = requireUuid(staffId, 'staffId');
    const uid = requireUuid(unitId, 'unitId');
    return ctx.em.transactional(async (em) => {
      const staff = await em.findOne(StaffUser, { id: sid });
      if (!staff) throw notFound('Staf');
      const unit = await em.findOne(ServiceUnit, { id: uid });
      if (!unit) throw notFound('Unit layanan');
      const from = await em.findOne(ServiceUnit, { id: staff.unitId });
      staff.unitId = unit.id;
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'STAFF_UNIT_CHANGED',
        targetType: 'staff_user',
        targetId: staff.id,
        details: { username: staff.username, fromUnit: from?.name ?? null, toUnit: unit.name },
      });
      return staff;
    });
  }

  /**
   * The unit a staff user's work is limited to, or null when they see every
   * unit (national officers; also the system and API keys). It comes with the
   * principal, which the session lookup reads from the database on every
   * request and WebSocket operation, so moving an officer takes effect at once
   * and every path (HTTP, WebSocket, outbox, subscriptions) reads the same value.
   */
  async scopeOf(ctx: RequestContext): Promise<string | null> {
    return unitScopeOf(ctx);
  }

  /**
   * The unit that handles a complaint from a region: the regency's office,
   * else the province's, else the national helpdesk.
   */
  async forRegion(
    em: EntityManager,
    villageOrRegencyCode?: string | null,
    provinceCode?: string | null,
  ): Promise<string> {
    const codes = [villageOrRegencyCode?.slice(0, 4), provinceCode ?? villageOrRegencyCode?.slice(0, 2)].filter(
      (c): c is string => !!c,
    );
    if (!codes.length) return NATIONAL_UNIT_ID;
    const units = await em.find(ServiceUnit, { regionCode: { $in: codes } });
    const byLength = units.sort((a, b) => (b.regionCode?.length ?? 0) - (a.regionCode?.length ?? 0));
    return byLength[0]?.id ?? NATIONAL_UNIT_ID;
  }
}
