import { permissionApiRef } from '@backstage/plugin-permission-react';
import { clusterCreatePermission } from '@opssight/plugin-clusters-common';
import { fieldErrors } from '../../__testUtils__/fieldErrors';
import { validateClusterName } from './validation';

async function validate(value: string | undefined, allowed = true) {
  const authorize = jest.fn(async () => ({
    result: allowed ? 'ALLOW' : 'DENY',
  }));
  const errors = await fieldErrors(validateClusterName, value, [
    [permissionApiRef, { authorize }],
  ]);
  return { errors, authorize };
}

describe('validateClusterName', () => {
  it('passes a DNS label', async () => {
    for (const name of ['prod-eu-1', 'a', 'x'.repeat(63)]) {
      expect((await validate(name)).errors).toEqual([]);
    }
  });

  it('says what is wrong with a name in words, once, never as a regex', async () => {
    for (const name of ['Prod', '-a', 'a-', 'a_b', 'x'.repeat(64)]) {
      const { errors } = await validate(name);
      expect(errors).toEqual([
        "must be a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit",
      ]);
    }
    expect((await validate('')).errors).toEqual(['is required']);
    expect((await validate(undefined)).errors).toEqual(['is required']);
  });

  it('refuses a user who may not create clusters on the first step, whatever the name', async () => {
    const { errors, authorize } = await validate('prod-eu-1', false);
    expect(authorize).toHaveBeenCalledWith({
      permission: clusterCreatePermission,
    });
    expect(errors).toEqual([
      'cannot be set, as you need the Operator role to create clusters',
    ]);
    expect((await validate('Bad_Name', false)).errors).toHaveLength(1);
  });
});
