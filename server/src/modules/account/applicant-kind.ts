import { Embeddable, Property } from '@mikro-orm/core';

/**
 * What kind of applicant someone is: scale, NON_UMK kind, individual or
 * entity, legal form. Chosen at the start of a registration and carried
 * unchanged into the account, so both tables embed this one type (same
 * column names in each, no prefix).
 */
@Embeddable()
export class ApplicantKind {
  @Property({ type: 'string' })
  scale: string;

  @Property({ type: 'string', nullable: true })
  nonUmkKind?: string | null;

  @Property({ type: 'string' })
  actorType: string;

  @Property({ type: 'string', nullable: true })
  entityType?: string | null;
}

export function applicantKind(k: ApplicantKind): ApplicantKind {
  return Object.assign(new ApplicantKind(), {
    scale: k.scale,
    nonUmkKind: k.nonUmkKind ?? null,
    actorType: k.actorType,
    entityType: k.entityType ?? null,
  });
}
