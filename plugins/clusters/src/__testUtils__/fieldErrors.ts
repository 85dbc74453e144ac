import type { ApiRef } from '@backstage/frontend-plugin-api';
import type { FieldValidator } from '../components/fieldValidator';

/**
 * Runs a wizard field's validation of `value` with `apis` in its API holder;
 * gives the problems it reported on the field.
 */
export async function fieldErrors<T>(
  validate: FieldValidator<T>,
  value: T | undefined,
  apis: ReadonlyArray<readonly [ApiRef<unknown>, unknown]>,
): Promise<string[]> {
  const field = { addError: jest.fn() };
  await validate(value, field, {
    apiHolder: {
      get: ref => apis.find(([apiRef]) => apiRef.id === ref.id)?.[1] as any,
    },
  });
  return field.addError.mock.calls.map(([message]) => message);
}
