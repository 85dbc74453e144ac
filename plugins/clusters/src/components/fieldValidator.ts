import type { ApiHolder } from '@backstage/frontend-plugin-api';

/**
 * A scaffolder field's validation as the wizard calls it: the value, where
 * its problems go, and the app's APIs.
 */
export type FieldValidator<T> = (
  value: T | undefined,
  field: { addError(message: string): unknown },
  context: { apiHolder: Pick<ApiHolder, 'get'> },
) => Promise<void>;
