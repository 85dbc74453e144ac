export * from './ClustersApi';
export { ClustersClient } from './ClustersClient';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
