/*
 * Shared helpers for the OpsSight end-to-end tests (Playwright).
 *
 * The portal under test is started by playwright.config.ts (scripts/e2e-portal.sh):
 * frontend http://localhost:3100 (the `baseURL`, so use relative paths with
 * page.goto), backend http://localhost:7107 (`BACKEND_URL`), a fresh SQLite
 * database per run. scripts/test.sh moves both to free ports when those are taken.
 *
 *   import { test, expect } from '@playwright/test';
 *   import { createUser, signIn } from './helpers';
 *
 *   test('machines page', async ({ page, playwright }) => {
 *     await signIn(page, await createUser(playwright, 'operator'), '/machines');
 *     ...
 *   });
 */
import {
  expect,
  request as apiRequest,
  test,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { startSshd, type TestSshd } from '@opssight/plugin-testing-node';
import { randomBytes } from 'node:crypto';

/** The backend of the portal under test (see app-config.e2e.yaml, playwright.config.ts). */
export const BACKEND_URL = `http://localhost:${
  process.env.OPSSIGHT_E2E_BACKEND_PORT ?? '7107'
}`;

/**
 * The static API token the portal under test accepts (`Authorization: Bearer …`),
 * as scripts use OPSSIGHT_API_TOKEN; playwright.config.ts generates one per run.
 */
export const API_TOKEN = process.env.OPSSIGHT_E2E_API_TOKEN ?? '';

/** A local account of the portal under test, with its current password. */
export type TestUser = {
  username: string;
  password: string;
  role: 'admin' | 'operator' | 'viewer';
};

/** The headers every sign-in call carries (the backend refuses it otherwise). */
const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

/**
 * Creates a local account through the admin API (with the static API token,
 * as a provisioning script would) and completes its first sign-in over the API:
 * the initial password an admin sets must be changed before the account can do
 * anything, so the returned user already has its own password. Usernames are
 * unique per call.
 */
export async function createUser(
  playwright: { request: { newContext(): Promise<APIRequestContext> } },
  role: TestUser['role'],
): Promise<TestUser> {
  const username = `${role}-${Date.now().toString(36)}${Math.floor(
    Math.random() * 1000,
  )}`;
  // Passwords must not contain the username (the policy), hence random ones.
  const initial = `initial-${randomBytes(9).toString('base64url')}`;
  const password = `own-${randomBytes(9).toString('base64url')}`;
  const admin = await playwright.request.newContext();
  const created = await admin.post(`${BACKEND_URL}/api/access/users`, {
    headers: { Authorization: `Bearer ${API_TOKEN}` },
    data: { username, displayName: `E2E ${role}`, role, password: initial },
  });
  expect(created.status(), await created.text()).toBe(201);
  await admin.dispose();

  // The user's own first sign-in: the context keeps the session cookie.
  const user = await playwright.request.newContext();
  const session = await user.post(`${BACKEND_URL}/api/auth/opssight/refresh`, {
    headers: XHR,
    data: { username, password: initial },
  });
  expect(session.status(), await session.text()).toBe(200);
  const token = (await session.json()).backstageIdentity.token;
  const changed = await user.post(`${BACKEND_URL}/api/access/me/password`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { currentPassword: initial, newPassword: password },
  });
  expect(changed.status(), await changed.text()).toBe(200);
  await user.dispose();
  return { username, password, role };
}

/**
 * A Backstage token of `user` for calling the backend API directly
 * (`Authorization: Bearer <token>`), from a sign-in of its own.
 */
export async function userToken(
  request: APIRequestContext,
  user: TestUser,
): Promise<string> {
  const res = await request.post(`${BACKEND_URL}/api/auth/opssight/refresh`, {
    headers: XHR,
    data: { username: user.username, password: user.password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

/** The headers that call the backend API as `user`, from a sign-in of its own. */
export async function authHeaders(
  request: APIRequestContext,
  user: TestUser,
): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await userToken(request, user)}` };
}

/**
 * Opens `path` (default `/`) and signs in as `user` on the sign-in page when it
 * is shown (a session that is still valid skips it). Resolves once the sidebar
 * is visible.
 */
export async function signIn(
  page: Page,
  user: TestUser,
  path = '/',
): Promise<void> {
  await page.goto(path);

  // The <nav> element itself has no box of its own; its links do.
  const sidebar = sidebarNav(page).getByRole('link').first();
  const username = page.getByLabel('Username');

  // The first load waits for the dev server's lazily compiled chunks.
  await expect(sidebar.or(username).first()).toBeVisible({ timeout: 90_000 });
  if (!(await sidebar.isVisible())) {
    await username.fill(user.username);
    await page.getByLabel(/^Password/).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(sidebar).toBeVisible();
}

/** The portal's sidebar; e.g. `sidebarNav(page).getByRole('link', { name: 'Catalog' })`. */
export function sidebarNav(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

let sharedKeyAdmin: Promise<TestUser> | undefined;

/**
 * Stores an SSH key of `sshd` in the vault as a shared credential (an admin's
 * doing: a machine's default credential must be shared, since everyone who
 * tests the machine or opens a terminal on it logs in with it) and registers,
 * as the user, a machine for it at `host` with that key as its default
 * credential: what an operator does before testing or opening a terminal.
 */
export async function registerMachineWithKey(
  request: APIRequestContext,
  token: string,
  options: {
    host: string;
    hostname: string;
    sshd: { port: number; username: string; clientPrivateKey: string };
  },
): Promise<{ id: string; credentialId: string }> {
  const { host, hostname, sshd } = options;
  const headers = { Authorization: `Bearer ${token}` };
  sharedKeyAdmin ??= createUser({ request: apiRequest }, 'admin');
  const adminToken = await userToken(request, await sharedKeyAdmin);
  const stored = await request.post(`${BACKEND_URL}/api/vault/credentials`, {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: {
      kind: 'ssh-key',
      scope: 'shared',
      name: `e2e key ${host}`,
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
    },
  });
  expect(stored.status(), await stored.text()).toBe(201);
  const credentialId = (await stored.json()).id;
  const added = await request.post(`${BACKEND_URL}/api/machines/machines`, {
    headers,
    data: {
      ip: host,
      hostname,
      sshPort: sshd.port,
      defaultCredentialId: credentialId,
    },
  });
  expect(added.status(), await added.text()).toBe(201);
  return { id: (await added.json()).id, credentialId };
}

/**
 * A real sshd for the tests of one spec file, answering on `listenAddresses`
 * (loopback addresses the spec picked for itself): started before the spec's
 * first test, stopped after its last. Call at the top of the spec; the returned
 * function gives the running sshd inside a test.
 */
export function sshdForSpec(listenAddresses: string[]): () => TestSshd {
  let sshd: TestSshd | undefined;
  test.beforeAll(async () => {
    sshd = await startSshd({ listenAddresses });
  });
  test.afterAll(async () => {
    await sshd?.stop();
  });
  return () => {
    if (!sshd) throw new Error("the spec's sshd has not started");
    return sshd;
  };
}

/**
 * Runs a connection test of the machines as the holder of `token` and waits
 * until each has `sshd`'s host key pinned: a machine is ready for scripts and
 * terminals from then on.
 */
export async function pinHostKeys(
  request: APIRequestContext,
  token: string,
  machineIds: string[],
  sshd: { hostKeyFingerprint: string },
): Promise<void> {
  const headers = { Authorization: `Bearer ${token}` };
  const tested = await request.post(
    `${BACKEND_URL}/api/machines/connection-tests`,
    { headers, data: { machineIds } },
  );
  expect(tested.status(), await tested.text()).toBe(202);
  await expect(async () => {
    for (const id of machineIds) {
      const res = await request.get(
        `${BACKEND_URL}/api/machines/machines/${id}`,
        { headers },
      );
      expect((await res.json()).hostKeyFingerprint).toBe(
        sshd.hostKeyFingerprint,
      );
    }
  }).toPass({ timeout: 60_000 });
}

/**
 * Once a link to a machine's catalog entity was followed (the machines
 * table's, say), opens the entity page's "Machine" tab. The catalog module
 * publishes a new machine within seconds; until then the catalog says it was
 * not found, so reload and look again.
 */
export async function openMachineTab(
  page: Page,
  hostname: string,
): Promise<void> {
  const entityHeading = page.getByRole('heading', {
    name: new RegExp(`^${hostname}`),
  });
  await expect(async () => {
    if (!(await entityHeading.isVisible())) await page.reload();
    await expect(entityHeading).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000, intervals: [1_000] });
  // The plugin's EntityContentBlueprint tab.
  await page
    .getByRole('tab', { name: 'Machine', exact: true })
    .or(page.getByRole('link', { name: 'Machine', exact: true }))
    .click();
}
