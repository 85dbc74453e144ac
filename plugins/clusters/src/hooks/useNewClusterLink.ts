import { useRouteRef } from '@backstage/frontend-plugin-api';
import { templateRouteRef } from '../routes';

/** The scaffolder template that creates clusters. */
export const CLUSTER_TEMPLATE = {
  namespace: 'default',
  templateName: 'kubernetes-cluster',
};

/** Where "New cluster" leads (the wizard), or undefined in an app without the scaffolder. */
export function useNewClusterLink(): string | undefined {
  const template = useRouteRef(templateRouteRef);
  return template?.(CLUSTER_TEMPLATE);
}
