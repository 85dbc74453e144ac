export { clustersApiRef } from './ClustersApi';
export type {
  ClustersApi,
  ListClustersQuery,
  ListRunsQuery,
  ReconfigureRequest,
  RerunRequest,
  RunDetails,
  SnippetInput,
  TopologyPreview,
} from './ClustersApi';
export { ClustersClient } from './ClustersClient';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
