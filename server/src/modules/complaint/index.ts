import { Complaint, ComplaintEvent } from './complaint.entity';
import {
  AccountComplaintsResolver,
  ComplaintHistoryNamesResolver,
  ComplaintResolver,
  MetricsComplaintsResolver,
} from './complaint.resolver';
export { ComplaintService } from './complaint.service';
export const entities = [Complaint, ComplaintEvent];
export const resolvers: Function[] = [
  ComplaintResolver,
  AccountComplaintsResolver,
  MetricsComplaintsResolver,
  ComplaintHistoryNamesResolver,
];
