import { FieldResolver, Resolver, Root } from 'type-graphql';
import { LAPOR_FOLLOW_UP_DAYS, LAPOR_FORWARD_DAYS } from '../../domain/lapor';
import { ComplaintService } from './complaint.service';
import { ComplaintType } from './complaint.types';

/** The SP4N-LAPOR! clocks on a complaint that came through LAPOR!, on the helpdesk's holiday calendar. */
@Resolver(() => ComplaintType)
export class ComplaintLaporResolver {
  constructor(private readonly service: ComplaintService) {}

  @FieldResolver(() => Date, {
    nullable: true,
    description: `SP4N_LAPOR: when LAPOR!'s ${LAPOR_FORWARD_DAYS}-working-day time to forward (or take up) the report ends, from createdAt; null for other channels.`,
  })
  laporForwardDueAt(@Root() c: ComplaintType): Date | null {
    return this.service.laporClocks(c)?.forwardDueAt ?? null;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: `SP4N_LAPOR: when LAPOR!'s ${LAPOR_FOLLOW_UP_DAYS}-working-day time to follow the report up ends, from createdAt; null for other channels.`,
  })
  laporFollowUpDueAt(@Root() c: ComplaintType): Date | null {
    return this.service.laporClocks(c)?.followUpDueAt ?? null;
  }
}
