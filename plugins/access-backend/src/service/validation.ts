import {
  ROLES,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
} from '@opssight/plugin-access-common';
import { unknownKeys } from '@opssight/plugin-validation-common';
import { z } from 'zod';

const required = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

export const usernameSchema = z
  .string({ error: required('a string') })
  .trim()
  .toLowerCase()
  .min(1, 'is required')
  .max(USERNAME_MAX_LENGTH, `must be at most ${USERNAME_MAX_LENGTH} characters`)
  .regex(
    USERNAME_PATTERN,
    "may contain only a-z, 0-9 and single '.', '_' or '-' between them",
  );

const displayNameSchema = z
  .string({ error: required('a string') })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

const emailSchema = z
  .string({ error: 'must be a string or null' })
  .trim()
  .max(254, 'must be at most 254 characters')
  .refine(
    v => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
    'must be an email address like name@example.com',
  )
  .transform(v => v || null)
  .nullable();

const roleSchema = z.enum(ROLES, {
  error: issue =>
    issue.input === undefined
      ? 'is required'
      : `must be one of ${ROLES.join(', ')}`,
});

// Only its type is checked here; the password policy names what is wrong with it.
const passwordSchema = z.string({ error: required('a string') });

export const newUserSchema = z.strictObject(
  {
    username: usernameSchema,
    displayName: displayNameSchema.optional(),
    email: emailSchema.optional(),
    role: roleSchema,
    password: passwordSchema,
  },
  { error: unknownKeys() },
);

export const profileSchema = z.strictObject(
  {
    displayName: displayNameSchema,
    email: emailSchema.optional(),
    role: roleSchema,
  },
  { error: unknownKeys() },
);

export const resetPasswordSchema = z.strictObject(
  { password: passwordSchema },
  { error: unknownKeys() },
);

export const changePasswordSchema = z.strictObject(
  { currentPassword: passwordSchema, newPassword: passwordSchema },
  { error: unknownKeys() },
);

export type NewUserInput = z.output<typeof newUserSchema>;
export type ProfileInput = z.output<typeof profileSchema>;

export { parseInput as parse } from '@opssight/plugin-http-node';
