import { fieldErrorsFromMessage, withoutField } from './fieldErrors';

const FIELDS = ['username', 'role', 'password'] as const;

describe('fieldErrorsFromMessage', () => {
  it('puts each problem beside the field it names', () => {
    expect(
      fieldErrorsFromMessage(
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
      fieldErrorsFromMessage(
        'password: must be at least 12 characters long; must not contain the username',
        FIELDS,
      ),
    ).toEqual({
      password:
        'must be at least 12 characters long; must not contain the username',
    });
    expect(
      fieldErrorsFromMessage(
        "role: 'jane' is the last enabled admin; make another user admin first",
        FIELDS,
      ),
    ).toEqual({
      role: "'jane' is the last enabled admin; make another user admin first",
    });
  });

  it('leaves messages for other fields, or none, to the whole form', () => {
    expect(
      fieldErrorsFromMessage("Invalid user: unknown field 'colour'", FIELDS),
    ).toBeUndefined();
    expect(
      fieldErrorsFromMessage(
        "disabled: 'jane' is the last enabled admin",
        FIELDS,
      ),
    ).toBeUndefined();
    expect(fieldErrorsFromMessage('Something broke', FIELDS)).toBeUndefined();
  });

  it('names the item of a list field when asked to, and says a problem once', () => {
    expect(
      fieldErrorsFromMessage(
        'groups.0: must be short; groups.2: must be short',
        ['groups'],
      ),
    ).toEqual({ groups: 'must be short' });
    expect(
      fieldErrorsFromMessage(
        'allowedDestinations.1: not a host',
        ['allowedDestinations'],
        { itemLabel: i => `line ${i + 1}` },
      ),
    ).toEqual({ allowedDestinations: 'line 2: not a host' });
  });

  it('gives a conflict that names no field to the field it is about', () => {
    expect(
      fieldErrorsFromMessage('machine 10.0.0.1 already exists', ['ip'], {
        status: 409,
        conflictField: 'ip',
      }),
    ).toEqual({ ip: 'machine 10.0.0.1 already exists' });
    expect(
      fieldErrorsFromMessage('machine 10.0.0.1 already exists', ['ip'], {
        status: 500,
        conflictField: 'ip',
      }),
    ).toBeUndefined();
  });
});

describe('withoutField', () => {
  it('drops the field a message names', () => {
    expect(withoutField("Invalid user: role: 'jane' is the last admin")).toBe(
      "'jane' is the last admin",
    );
    expect(withoutField('Something broke')).toBe('Something broke');
  });
});
