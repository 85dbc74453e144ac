import type { LocalUser } from '@opssight/plugin-access-common';
import { fakeApi } from '@opssight/plugin-api-react/testing';
import type { AccessApi } from '../api';

export function makeUser(overrides: Partial<LocalUser> = {}): LocalUser {
  const username = overrides.username ?? 'jane';
  return {
    username,
    displayName: username,
    email: null,
    role: 'viewer',
    disabled: false,
    mustChangePassword: false,
    passwordChangedAt: '2026-01-01T00:00:00.000Z',
    lastSignInAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An AccessApi whose every method is a jest mock, with harmless defaults. */
export const fakeAccessApi = fakeApi<AccessApi>(() => ({
  listUsers: async () => [],
  getUser: async username => makeUser({ username }),
  createUser: async ({ username, displayName, email, role }) =>
    makeUser({
      username,
      displayName: displayName || username,
      email: email ?? null,
      role,
      mustChangePassword: true,
    }),
  updateUser: async (username, profile) =>
    makeUser({ username, ...profile, email: profile.email ?? null }),
  deleteUser: async () => undefined,
  disableUser: async username => makeUser({ username, disabled: true }),
  enableUser: async username => makeUser({ username }),
  resetPassword: async username =>
    makeUser({ username, mustChangePassword: true }),
  getMe: async () => makeUser({ username: 'admin', role: 'admin' }),
  changeMyPassword: async () => makeUser({ username: 'admin', role: 'admin' }),
}));
