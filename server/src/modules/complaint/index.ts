import { Complaint, ComplaintEvent, ComplaintFollower, ComplaintMessage } from './complaint.entity';
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
export { ComplaintService } from './complaint.service';
export { SkmService } from './skm.service';
export { ResponseTemplateService } from './response-template.service';
export const entities = [Complaint, ComplaintEvent, ComplaintMessage, ComplaintFollower, ResponseTemplate];
export const resolvers: Function[] = [
  ComplaintResolver,
  AccountComplaintsResolver,
  MetricsComplaintsResolver,
  ComplaintHistoryNamesResolver,
  ComplaintMessageNamesResolver,
  SkmResolver,
  ComplaintLaporResolver,
  ResponseTemplateResolver,
];
