import { DataExport } from './data-export.entity';
import { DataSubjectRequest } from './data-request.entity';
import { DataRequestResolver } from './data-request.resolver';
export { DataRequestService } from './data-request.service';
export { DataExportService } from './data-export.service';
export { Anonymiser } from './anonymiser';
export const entities = [DataSubjectRequest, DataExport];
export const resolvers: Function[] = [DataRequestResolver];
