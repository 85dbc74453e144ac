import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  clusterCreatePermission,
  clusterNameSchema,
} from '@opssight/plugin-clusters-common';
import type { FieldValidator } from '../fieldValidator';

/** What a user without the permission to create clusters reads on the wizard's first step. */
export const CREATE_REFUSAL = 'You need the Operator role to create clusters';

/**
 * The `ClusterName` field's validation, on the wizard's first step: first
 * whether the user may create clusters at all (so nobody fills in the whole
 * wizard to be refused at the end), then the name in words, once (the
 * schema carries no pattern whose raw regex the form would show).
 */
export const validateClusterName: FieldValidator<string> = async (
  value,
  field,
  context,
) => {
  const permissionApi = context.apiHolder.get(permissionApiRef);
  if (permissionApi) {
    const { result } = await permissionApi.authorize({
      permission: clusterCreatePermission,
    });
    // AuthorizeResult.ALLOW, without a dependency on permission-common for one constant.
    if ((result as string) !== 'ALLOW') {
      field.addError(
        'cannot be set, as you need the Operator role to create clusters',
      );
      return;
    }
  }
  const parsed = clusterNameSchema.safeParse(value ?? '');
  if (!parsed.success) {
    field.addError(parsed.error.issues[0].message);
  }
};
