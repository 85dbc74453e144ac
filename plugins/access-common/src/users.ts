import { Role, roleGroupRef } from './roles';

/**
 * A local OpsSight account, as the API shows it: never a password or a hash.
 * Its catalog entity is `user:default/<username>`.
 */
export type LocalUser = {
  /** Lower-case, 1–63 characters, also a valid catalog entity name. */
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  /** Set by an admin-given password; the user must choose their own before doing anything else. */
  mustChangePassword: boolean;
  passwordChangedAt: string;
  lastSignInAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type LocalUserList = { items: LocalUser[] };

/** Events topic on which the access backend announces account changes. */
export const ACCESS_EVENTS_TOPIC = 'opssight.access';

/** Published on ACCESS_EVENTS_TOPIC after every change that shows in the catalog. */
export type LocalUserChangeEvent =
  | { type: 'upserted'; users: LocalUser[] }
  | { type: 'deleted'; users: LocalUser[] };

/**
 * Usernames: lower-case letters and digits, single `.`, `_` or `-` between
 * them, at most 63 characters, so every username is also a catalog entity name.
 */
export const USERNAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const USERNAME_MAX_LENGTH = 63;

/** `user:default/<username>`: the catalog User entity of a local account. */
export function userEntityRef(user: Pick<LocalUser, 'username'>): string {
  return `user:default/${user.username}`;
}

/** The user and their role group: what a local sign-in puts in the Backstage token. */
export function ownershipRefs(
  user: Pick<LocalUser, 'username' | 'role'>,
): string[] {
  return [userEntityRef(user), roleGroupRef(user.role)];
}
