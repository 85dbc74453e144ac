import { createApiRef } from '@backstage/frontend-plugin-api';
import type { LocalUser, Role } from '@opssight/plugin-access-common';

/** A new local account. */
export interface NewLocalUser {
  /** Lower-case a-z, 0-9 and single `.`, `_` or `-` between them; also the catalog entity name. */
  username: string;
  /** Defaults to the username. */
  displayName?: string;
  email?: string | null;
  role: Role;
  /** The initial password; the user must change it at first sign-in. */
  password: string;
}

/** What an admin may change of an account: all of it is replaced. */
export interface LocalUserProfile {
  displayName: string;
  /** Null (or left out) for none. */
  email?: string | null;
  role: Role;
}

/**
 * The access backend, one method per operation of its OpenAPI contract.
 * Passwords only ever travel from the browser to the backend.
 */
export interface AccessApi {
  listUsers(): Promise<LocalUser[]>;
  getUser(username: string): Promise<LocalUser>;
  createUser(user: NewLocalUser): Promise<LocalUser>;
  /** A new role ends the user's sessions, so it applies at once. */
  updateUser(username: string, profile: LocalUserProfile): Promise<LocalUser>;
  deleteUser(username: string): Promise<void>;
  disableUser(username: string): Promise<LocalUser>;
  enableUser(username: string): Promise<LocalUser>;
  /** Sets a password the user must change at next sign-in; their sessions end. */
  resetPassword(username: string, password: string): Promise<LocalUser>;
  /** The signed-in user's own local account (404 for users signed in otherwise). */
  getMe(): Promise<LocalUser>;
  /** Clears mustChangePassword and ends the user's other sessions. */
  changeMyPassword(
    currentPassword: string,
    newPassword: string,
  ): Promise<LocalUser>;
}

export const accessApiRef = createApiRef<AccessApi>({
  id: 'plugin.access.api',
});
