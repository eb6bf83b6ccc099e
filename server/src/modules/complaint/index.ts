import { Complaint, ComplaintEvent } from './complaint.entity';
import {
  AccountComplaintsResolver,
  ComplaintHistoryNamesResolver,
  ComplaintResolver,
  MetricsComplaintsResolver,
} from './complaint.resolver';
import { SkmResolver } from './skm.resolver';
export { ComplaintService } from './complaint.service';
export { SkmService } from './skm.service';
export const entities = [Complaint, ComplaintEvent];
export const resolvers: Function[] = [
  ComplaintResolver,
  AccountComplaintsResolver,
  MetricsComplaintsResolver,
  ComplaintHistoryNamesResolver,
  SkmResolver,
];
