import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ClusterNameField } from './ClusterNameField';
import { validateClusterName } from './validation';

/** `ui:field: ClusterName` in a template's parameters: the cluster wizard's first field. */
export const clusterNameFormField = createFormField({
  name: 'ClusterName',
  component: ClusterNameField,
  validation: validateClusterName,
});

export { CREATE_REFUSAL, validateClusterName } from './validation';
