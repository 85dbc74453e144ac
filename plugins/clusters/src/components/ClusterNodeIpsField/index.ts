import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ClusterNodeIpsField } from './ClusterNodeIpsField';
import { validateClusterNodeIps } from './validation';

export { nodeReviewLines, validateClusterNodeIps } from './validation';

/** `ui:field: ClusterNodeIps` in a template's parameters. */
export const clusterNodeIpsFormField = createFormField({
  name: 'ClusterNodeIps',
  component: ClusterNodeIpsField,
  validation: validateClusterNodeIps,
});
