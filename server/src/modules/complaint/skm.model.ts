import type { IkmGrade, SkmElementResult, SkmProfileField } from '../../domain/ikm';
import type { ServiceUnit } from '../service-unit/service-unit.entity';

/** The figures of the SKM report (skmReport, its PDF and XLSX). */
export interface SkmCount {
  key: string | null;
  label: string;
  count: number;
}

export interface SkmPeriod {
  from: Date;
  to: Date;
  respondents: number;
  weight: number;
  elements: SkmElementResult[];
  ikm: number | null;
  grade: IkmGrade | null;
  gradeLabel: string | null;
}

export interface SkmReport extends SkmPeriod {
  /** The unit reported on; null: every unit. */
  unit: ServiceUnit | null;
  lowestElements: SkmElementResult[];
  profile: Record<SkmProfileField, SkmCount[]>;
  previous: SkmPeriod;
  /** Complaints resolved in the period: the population the survey samples. */
  served: number;
  /** Krejcie–Morgan sample size for `served`. */
  sampleTarget: number;
  sampleReached: boolean;
}
