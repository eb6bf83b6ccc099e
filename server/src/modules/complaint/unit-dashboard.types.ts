import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ServiceUnitType } from '../service-unit/service-unit.types';
import { ComplaintCategory } from './complaint.types';
import { SkmPeriodFigures } from './skm.types';

export const SkmTrendInterval = { MONTH: 'MONTH', SEMESTER: 'SEMESTER' } as const;
registerEnumType(SkmTrendInterval, {
  name: 'SkmTrendInterval',
  description: 'Buckets of the SKM trend, in WIB calendar.',
  valuesConfig: {
    MONTH: { description: 'Calendar months.' },
    SEMESTER: { description: 'January-June and July-December.' },
  },
});

@ObjectType({ description: "One service unit's SKM figures bucket by bucket." })
export class UnitSkmTrend {
  @Field(() => ServiceUnitType, { description: 'The unit; its own answers only.' }) unit: ServiceUnitType;
  @Field(() => [SkmPeriodFigures], {
    description: 'Every bucket of the range in order (the first and last cut to it); empty ones have no IKM.',
  })
  points: SkmPeriodFigures[];
}

@ObjectType({ description: 'The complaint clock over complaints logged in a period.' })
export class ComplaintClockFigures {
  @Field(() => Int, { description: 'Logged in the period.' }) opened: number;
  @Field(() => Int, { description: 'Resolved by their due time.' }) resolvedOnTime: number;
  @Field(() => Int, { description: 'Resolved after their due time.' }) resolvedLate: number;
  @Field(() => Int, { description: 'Not resolved, due time not yet passed.' }) openWithinDue: number;
  @Field(() => Int, { description: 'Not resolved and past their due time now.' }) overdue: number;
}

@ObjectType({ description: 'The complaint clock of one category.' })
export class CategoryComplaintClock extends ComplaintClockFigures {
  @Field(() => ComplaintCategory, { description: 'The complaint category.' }) category: string;
}

@ObjectType({ description: "One service unit's complaint clock." })
export class UnitComplaintClock {
  @Field(() => ServiceUnitType, { description: 'The unit; its own complaints only.' }) unit: ServiceUnitType;
  @Field(() => ComplaintClockFigures, { description: 'Every category together.' }) totals: ComplaintClockFigures;
  @Field(() => [CategoryComplaintClock], { description: 'Categories with complaints in the period.' })
  byCategory: CategoryComplaintClock[];
}
