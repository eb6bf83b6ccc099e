import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ServiceUnitType } from '../service-unit/service-unit.types';
import { SKM_PROFILE } from '../../domain/ikm';

/** GraphQL enums with the stored keys of the SKM respondent profile. */
function profileEnum<K extends keyof typeof SKM_PROFILE>(field: K, name: string, description: string) {
  const values = Object.fromEntries(Object.keys(SKM_PROFILE[field]).map((k) => [k, k])) as {
    [V in keyof (typeof SKM_PROFILE)[K]]: V;
  };
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.entries(SKM_PROFILE[field]).map(([k, label]) => [k, { description: label as string }]),
    ) as never,
  });
  return values;
}

export const RespondentGender = profileEnum('gender', 'RespondentGender', 'SKM respondent: gender.');
export const RespondentAgeBand = profileEnum('ageBand', 'RespondentAgeBand', 'SKM respondent: age band.');
export const RespondentEducation = profileEnum('education', 'RespondentEducation', 'SKM respondent: education.');
export const RespondentOccupation = profileEnum('occupation', 'RespondentOccupation', 'SKM respondent: occupation.');

@InputType({
  description: 'The SKM respondent profile; every part optional. Reported only as counts, never per answer.',
})
export class SurveyRespondentInput {
  @Field(() => RespondentGender, { nullable: true, description: 'Gender, if the respondent says.' })
  gender?: string | null;
  @Field(() => RespondentAgeBand, { nullable: true, description: 'Age band, if the respondent says.' })
  ageBand?: string | null;
  @Field(() => RespondentEducation, { nullable: true, description: 'Highest education, if the respondent says.' })
  education?: string | null;
  @Field(() => RespondentOccupation, { nullable: true, description: 'Occupation, if the respondent says.' })
  occupation?: string | null;
}

@ObjectType({ description: 'One SKM element (U1-U9) over a period.' })
export class SkmElementFigure {
  @Field(() => String, { description: 'U1 … U9.' }) code: string;
  @Field(() => String, { description: 'Its name in Permenpan-RB 14/2017.' }) name: string;
  @Field(() => Float, { description: 'NRR: sum of its scores ÷ respondents (unrounded).' }) nrr: number;
  @Field(() => Float, { description: 'NRR × weight (unrounded).' }) weightedNrr: number;
}

@ObjectType({ description: 'How many respondents gave one answer to a profile question.' })
export class SkmCount {
  @Field(() => String, { nullable: true, description: 'The stored key; null for those who left it empty.' })
  key?: string | null;
  @Field(() => String, { description: 'The answer as the questionnaire words it, or "Tidak diisi".' }) label: string;
  @Field(() => Int, { description: 'Respondents.' }) count: number;
}

@ObjectType({ description: 'The respondent profile as counts per answer; never per respondent.' })
export class SkmProfile {
  @Field(() => [SkmCount], { description: 'Counts per gender.' }) gender: SkmCount[];
  @Field(() => [SkmCount], { description: 'Counts per age band.' }) ageBand: SkmCount[];
  @Field(() => [SkmCount], { description: 'Counts per education.' }) education: SkmCount[];
  @Field(() => [SkmCount], { description: 'Counts per occupation.' }) occupation: SkmCount[];
}

@ObjectType({ description: 'SKM figures of one period [from, to).' })
export class SkmPeriodFigures {
  @Field(() => Date, { description: 'Period start.' }) from: Date;
  @Field(() => Date, { description: 'Period end (exclusive).' }) to: Date;
  @Field(() => Int, { description: 'Surveys answered in the period.' }) respondents: number;
  @Field(() => Float, {
    nullable: true,
    description: 'IKM = 25 × Σ weightedNrr, rounded half up to 2 decimals; null without respondents.',
  })
  ikm?: number | null;
  @Field(() => String, { nullable: true, description: 'Mutu: A (88.31-100), B (76.61-88.30), C, D (25-64.99).' })
  grade?: string | null;
  @Field(() => String, { nullable: true, description: 'Kinerja of that mutu: sangat baik, baik, …' })
  gradeLabel?: string | null;
  @Field(() => [SkmElementFigure], { description: 'U1 … U9 in order.' }) elements: SkmElementFigure[];
}

@ObjectType({
  description: "The SKM report of a period (Permenpan-RB 14/2017) for one service unit's complaints, or for all.",
})
export class SkmReport extends SkmPeriodFigures {
  @Field(() => ServiceUnitType, { nullable: true, description: 'The unit reported on; null: every unit together.' })
  unit: ServiceUnitType | null;
  @Field(() => Float, { description: 'The per-element weight used: 1/9.' }) weight: number;
  @Field(() => [SkmElementFigure], { description: 'The three elements with the lowest NRR, lowest first.' })
  lowestElements: SkmElementFigure[];
  @Field(() => SkmProfile, {
    description:
      'Who answered, counted; every table empty when fewer than 5 answered in the period (a profile of so few ' +
      'would name them).',
  })
  profile: SkmProfile;
  @Field(() => SkmPeriodFigures, { description: 'The period of the same length just before.' })
  previous: SkmPeriodFigures;
  @Field(() => Int, { description: 'Complaints resolved in the period: the population served.' }) served: number;
  @Field(() => Int, { description: 'Krejcie-Morgan sample size for that population.' }) sampleTarget: number;
  @Field(() => Boolean, { description: 'respondents ≥ sampleTarget.' }) sampleReached: boolean;
}

@InputType({ description: 'An SKM questionnaire answered on paper or at the counter, typed in by an officer.' })
export class PaperSurveyInput {
  @Field(() => ID, {
    nullable: true,
    description: "The unit whose service was rated; null: the officer's own. Regional officers: their own only.",
  })
  unitId?: string | null;
  @Field(() => Date, { description: 'When the respondent was served and answered; not in the future.' })
  servedAt: Date;
  @Field(() => [Int], { description: 'Nine scores 1-4, U1 … U9 in order.' })
  scores: number[];
  @Field(() => String, { nullable: true, description: 'Written suggestions, if any (at most 2000 characters).' })
  comment?: string | null;
  @Field(() => SurveyRespondentInput, { nullable: true, description: 'The optional respondent profile.' })
  respondent?: SurveyRespondentInput | null;
}

@ObjectType({ description: 'A paper or counter questionnaire as recorded: no respondent data is returned.' })
export class PaperSurveyRecord {
  @Field(() => ID, { description: 'The record.' }) id: string;
  @Field(() => ID, { description: 'The unit it counts for.' }) unitId: string;
  @Field(() => Date, { description: 'Day of service.' }) servedAt: Date;
  @Field(() => Float, { description: "This questionnaire's own IKM (its nine scores × 25 ÷ 9)." }) ikm: number;
  @Field(() => Date, { description: 'When it was typed in.' }) createdAt: Date;
}

export const SkmReportFormat = { PDF: 'PDF', XLSX: 'XLSX' } as const;
registerEnumType(SkmReportFormat, {
  name: 'SkmReportFormat',
  description: 'File format of the SKM report.',
  valuesConfig: { PDF: { description: 'PDF, one section per page.' }, XLSX: { description: 'Excel workbook.' } },
});

@ObjectType({ description: 'A generated file, its bytes in base64.' })
export class DownloadFile {
  @Field(() => String, { description: 'Suggested file name.' }) filename: string;
  @Field(() => String, { description: 'Media type.' }) contentType: string;
  @Field(() => String, { description: 'The file, base64.' }) contentBase64: string;
}
