import { DataSubjectRequest } from './data-request.entity';
import { DataRequestResolver } from './data-request.resolver';
export { DataRequestService } from './data-request.service';
export const entities = [DataSubjectRequest];
export const resolvers: Function[] = [DataRequestResolver];
