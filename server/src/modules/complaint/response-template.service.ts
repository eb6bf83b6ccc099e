import type { EntityManager } from '@mikro-orm/postgresql';
import { checkResponseText } from '../../domain/canned-response';
import { assertNoFieldErrors, FieldErrors, notFound } from '../../shared/errors';
import { isUuid, requireUuid } from '../../shared/ids';
import { nationalOnly, RequestContext, staffActor } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import { ResponseTemplate } from './response-template.entity';

/** Canned responses: SUPERVISOR+ keeps them, every officer inserts them into a reply. */
export class ResponseTemplateService {
  constructor(private readonly audit: AuditService) {}

  /** Alphabetical; inactive ones only when asked for (the management page). */
  list(em: EntityManager, includeInactive = false): Promise<ResponseTemplate[]> {
    return em.find(ResponseTemplate, includeInactive ? {} : { active: true }, { orderBy: { title: 'asc' } });
  }

  /** An active template, for a reply: NOT_FOUND otherwise. */
  async active(em: EntityManager, id: string): Promise<ResponseTemplate> {
    const t = isUuid(id) ? await em.findOne(ResponseTemplate, { id: id.toLowerCase(), active: true }) : null;
    if (!t) throw notFound('Templat balasan');
    return t;
  }

  create(ctx: RequestContext, title: string, body: string): Promise<ResponseTemplate> {
    nationalOnly(ctx);
    const input = this.check(title, body);
    return ctx.em.transactional(async (em) => {
      const t = em.create(ResponseTemplate, { ...input, createdBy: staffActor(ctx)?.staffId ?? null });
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'RESPONSE_TEMPLATE_CREATED',
        targetType: 'response_template',
        targetId: t.id,
        details: { title: t.title },
      });
      return t;
    });
  }

  update(ctx: RequestContext, id: string, title: string, body: string, active: boolean): Promise<ResponseTemplate> {
    nationalOnly(ctx);
    const templateId = requireUuid(id);
    const input = this.check(title, body);
    return ctx.em.transactional(async (em) => {
      const t = await em.findOne(ResponseTemplate, { id: templateId });
      if (!t) throw notFound('Templat balasan');
      Object.assign(t, input, { active, updatedAt: new Date() });
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'RESPONSE_TEMPLATE_UPDATED',
        targetType: 'response_template',
        targetId: t.id,
        details: { title: t.title, active },
      });
      return t;
    });
  }

  private check(title: string, body: string): { title: string; body: string } {
    const f: FieldErrors = {};
    const t = typeof title === 'string' ? title.trim() : '';
    const b = typeof body === 'string' ? body.trim() : '';
    if (t.length < 2 || t.length > 100) f.title = 'Judul 2-100 karakter.';
    const bad = checkResponseText(b);
    if (bad) f.body = bad;
    if ([t, b].some((v) => v.includes('\u0000'))) f.body = 'Karakter tidak diizinkan.';
    assertNoFieldErrors(f);
    return { title: t, body: b };
  }
}
