import { Complaint, ComplaintEvent, ComplaintFollower, ComplaintMessage } from './complaint.entity';
import { PaperSurvey } from './paper-survey.entity';
import { ResponseTemplate } from './response-template.entity';
import { ResponseTemplateResolver } from './response-template.resolver';
import {
  AccountComplaintsResolver,
  ComplaintHistoryNamesResolver,
  ComplaintMessageNamesResolver,
  ComplaintResolver,
  MetricsComplaintsResolver,
} from './complaint.resolver';
import { ComplaintLaporResolver } from './lapor.resolver';
import { SkmResolver } from './skm.resolver';
import { UnitDashboardResolver } from './unit-dashboard.resolver';
export { ComplaintService } from './complaint.service';
export { SkmService } from './skm.service';
export { ResponseTemplateService } from './response-template.service';
export const entities = [Complaint, ComplaintEvent, ComplaintMessage, ComplaintFollower, ResponseTemplate, PaperSurvey];
export const resolvers: Function[] = [
  ComplaintResolver,
  AccountComplaintsResolver,
  MetricsComplaintsResolver,
  ComplaintHistoryNamesResolver,
  ComplaintMessageNamesResolver,
  SkmResolver,
  UnitDashboardResolver,
  ComplaintLaporResolver,
  ResponseTemplateResolver,
];
