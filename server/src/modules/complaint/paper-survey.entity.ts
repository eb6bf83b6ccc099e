import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Satisfaction } from './complaint.entity';

/**
 * An SKM questionnaire answered on paper or at the counter and typed in by an
 * officer: the same nine scores and optional profile as the online survey,
 * tied to no complaint. Counted in the unit's SKM report and on /ikm by the
 * day of service, like an online answer by the moment it was sent.
 */
@Entity({ tableName: 'paper_survey' })
@Index({ properties: ['unitId', 'servedAt'] })
export class PaperSurvey {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The service unit whose service was rated. */
  @Property({ type: 'uuid' })
  unitId: string;

  /** When the respondent was served and filled the questionnaire. */
  @Property({ type: 'Date', columnType: 'timestamptz' })
  @Index()
  servedAt: Date;

  /** Same shape as Complaint.satisfaction (submittedAt = servedAt). */
  @Property({ type: 'json' })
  satisfaction: Satisfaction;

  /** The officer who typed it in. */
  @Property({ type: 'uuid' })
  recordedBy: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
