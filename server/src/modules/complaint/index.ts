import { Complaint, ComplaintEvent, ComplaintMessage } from './complaint.entity';
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
export const entities = [Complaint, ComplaintEvent, ComplaintMessage];
export const resolvers: Function[] = [
  ComplaintResolver,
  AccountComplaintsResolver,
  MetricsComplaintsResolver,
  ComplaintHistoryNamesResolver,
  ComplaintMessageNamesResolver,
  SkmResolver,
  ComplaintLaporResolver,
];
