export { accessApiRef } from './AccessApi';
export type { AccessApi, LocalUserProfile, NewLocalUser } from './AccessApi';
export { AccessClient } from './AccessClient';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
