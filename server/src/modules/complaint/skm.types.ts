import { Field, InputType, registerEnumType } from 'type-graphql';
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
