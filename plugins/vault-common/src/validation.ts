import { z } from 'zod';
import {
  describeIssues,
  unknownKeys,
} from '@opssight/plugin-validation-common';

// Messages never quote the input, so a secret sent by mistake is not echoed back.
export { describeIssues };
import {
  CREDENTIAL_KINDS,
  CREDENTIAL_SCOPES,
  CredentialKind,
  CredentialScope,
} from './types';
import { allowedDestinationsSchema } from './destinations';

/** The secret fields each kind of credential takes; all of them write-only. */
export const SECRET_FIELDS = {
  'ssh-key': ['privateKey', 'passphrase'],
  password: ['password'],
  'api-token': ['token'],
} as const satisfies Record<CredentialKind, readonly string[]>;

/**
 * A credential's id, as the vault assigns it (a UUID). Other plugins that refer
 * to a credential validate the reference with it.
 */
export const credentialIdSchema = z.uuid({
  error: 'must be a credential id (a UUID)',
});

const nameSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');

const usernameSchema = z
  .string({ error: 'must be text' })
  .trim()
  .max(255, 'must be at most 255 characters')
  .regex(/^[^\s]*$/, 'must not contain spaces or line breaks');

const descriptionSchema = z
  .string({ error: 'must be text' })
  .max(2000, 'must be at most 2000 characters');

// Secrets are kept exactly as written: spaces in a password are part of it.
const secretText = (max: number) =>
  z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`);

const privateKeySchema = secretText(16384);
const passphraseSchema = secretText(1024);
const passwordSchema = secretText(4096);
const tokenSchema = secretText(16384);

function unknownKeysMessage(kind?: CredentialKind) {
  return unknownKeys(
    'field',
    kind ? ` for a credential of kind '${kind}'` : '',
  );
}

const kindMessage = `kind: must be one of ${CREDENTIAL_KINDS.map(
  k => `'${k}'`,
).join(', ')}`;

const scopeSchema = z.enum(CREDENTIAL_SCOPES, {
  error: `must be one of ${CREDENTIAL_SCOPES.map(s => `'${s}'`).join(', ')}`,
});

const createFields = {
  name: nameSchema,
  scope: scopeSchema.default('personal'),
  username: usernameSchema.default(''),
  description: descriptionSchema.default(''),
  allowedDestinations: allowedDestinationsSchema.default([]),
};

/** A new credential: its metadata and, write-only, its secret. */
export const credentialInputSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject(
        {
          kind: z.literal('ssh-key'),
          ...createFields,
          privateKey: privateKeySchema,
          passphrase: passphraseSchema.optional(),
        },
        { error: unknownKeysMessage('ssh-key') },
      ),
      z.strictObject(
        {
          kind: z.literal('password'),
          ...createFields,
          password: passwordSchema,
        },
        { error: unknownKeysMessage('password') },
      ),
      z.strictObject(
        {
          kind: z.literal('api-token'),
          ...createFields,
          token: tokenSchema,
        },
        { error: unknownKeysMessage('api-token') },
      ),
    ],
    { error: () => kindMessage },
  )
  .refine(v => v.scope === 'shared' || v.allowedDestinations.length === 0, {
    error: 'only shared credentials are bound to destinations',
    path: ['allowedDestinations'],
  });

export type CredentialInput = z.input<typeof credentialInputSchema>;
export type ValidCredentialInput = z.output<typeof credentialInputSchema>;

const unchangeable = <T extends string>(value: T) =>
  z
    .literal(value, { error: 'cannot be changed; create a new credential' })
    .optional();

const updateSecretFields = {
  'ssh-key': {
    privateKey: privateKeySchema.optional(),
    passphrase: passphraseSchema.optional(),
  },
  password: { password: passwordSchema.optional() },
  'api-token': { token: tokenSchema.optional() },
};

/**
 * Changes to a stored credential of the given kind and scope. Fields left out
 * stay as they are, so a form can rename a credential without the secret it
 * never sees; a secret field given replaces the secret.
 */
export function credentialUpdateSchema(
  kind: CredentialKind,
  scope: CredentialScope,
) {
  return z
    .strictObject(
      {
        kind: unchangeable(kind),
        scope: unchangeable(scope),
        name: nameSchema.optional(),
        username: usernameSchema.optional(),
        description: descriptionSchema.optional(),
        allowedDestinations: (scope === 'shared'
          ? allowedDestinationsSchema
          : z.never({
              error: 'only shared credentials are bound to destinations',
            })
        ).optional(),
        ...updateSecretFields[kind],
      },
      { error: unknownKeysMessage(kind) },
    )
    .refine(
      (v: CredentialUpdate) =>
        v.passphrase === undefined || v.privateKey !== undefined,
      {
        error: 'give the passphrase together with the private key it unlocks',
        path: ['passphrase'],
      },
    );
}

export type CredentialUpdate = {
  name?: string;
  /** Shared credentials only. */
  allowedDestinations?: string[];
  username?: string;
  description?: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  token?: string;
};

export const listCredentialsQuerySchema = z.strictObject(
  {
    kind: z
      .enum(CREDENTIAL_KINDS, { error: kindMessage.replace('kind: ', '') })
      .optional(),
    scope: scopeSchema.optional(),
  },
  { error: unknownKeysMessage() },
);
