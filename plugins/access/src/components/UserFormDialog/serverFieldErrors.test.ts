import { serverFieldErrors } from './serverFieldErrors';

const FIELDS = ['username', 'role', 'password'] as const;

describe('serverFieldErrors', () => {
  it('puts each problem beside the field it names', () => {
    expect(
      serverFieldErrors(
        "Invalid user: username: may contain only a-z, 0-9 and single '.', '_' or '-' between them; role: is required",
        FIELDS,
      ),
    ).toEqual({
      username:
        "may contain only a-z, 0-9 and single '.', '_' or '-' between them",
      role: 'is required',
    });
  });

  it('keeps the further problems of one field together', () => {
    expect(
      serverFieldErrors(
        'password: must be at least 12 characters long; must not contain the username',
        FIELDS,
      ),
    ).toEqual({
      password:
        'must be at least 12 characters long; must not contain the username',
    });
    expect(
      serverFieldErrors(
        "role: 'jane' is the last enabled admin; make another user admin first",
        FIELDS,
      ),
    ).toEqual({
      role: "'jane' is the last enabled admin; make another user admin first",
    });
  });

  it('leaves messages for other fields, or none, to the whole form', () => {
    expect(
      serverFieldErrors("Invalid user: unknown field 'colour'", FIELDS),
    ).toBeUndefined();
    expect(
      serverFieldErrors("disabled: 'jane' is the last enabled admin", FIELDS),
    ).toBeUndefined();
    expect(serverFieldErrors('Something broke', FIELDS)).toBeUndefined();
  });
});
