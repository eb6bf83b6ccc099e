import { ApiKey } from './api-key.entity';
export { ApiKeyService, API_SCOPES, isApiKeyToken } from './api-key.service';
export const entities = [ApiKey];
export const resolvers: Function[] = [];
