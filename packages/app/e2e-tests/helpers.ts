/*
 * Shared helpers for the OpsSight end-to-end tests (Playwright).
 *
 * The portal under test is started by playwright.config.ts (scripts/e2e-portal.sh):
 * frontend http://localhost:3100 (the `baseURL`, so use relative paths with
 * page.goto), backend http://localhost:7107 (`BACKEND_URL`), a fresh SQLite
 * database per run. scripts/test.sh moves both to free ports when those are taken.
 *
 *   import { test, expect } from '@playwright/test';
 *   import { signIn } from './helpers';
 *
 *   test('machines page', async ({ page }) => {
 *     await signIn(page, '/machines');
 *     ...
 *   });
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** The backend of the portal under test (see app-config.e2e.yaml, playwright.config.ts). */
export const BACKEND_URL = `http://localhost:${
  process.env.OPSSIGHT_E2E_BACKEND_PORT ?? '7107'
}`;

/**
 * The static API token the portal under test accepts (`Authorization: Bearer …`),
 * as scripts use OPSSIGHT_API_TOKEN; playwright.config.ts generates one per run.
 */
export const API_TOKEN = process.env.OPSSIGHT_E2E_API_TOKEN ?? '';

/**
 * Opens `path` (default `/`) and makes sure the user is signed in: when the
 * sign-in page is shown, signs in as guest with its "Enter" button; when the app
 * shows its sidebar straight away (no sign-in page configured, or a session is
 * still valid), there is nothing to do. Resolves once the sidebar is visible.
 * When the portal gets another sign-in method (local accounts), extend this
 * function rather than signing in inside individual tests.
 */
export async function signIn(page: Page, path = '/'): Promise<void> {
  await page.goto(path);

  // The <nav> element itself has no box of its own; its links do.
  const sidebar = sidebarNav(page).getByRole('link').first();
  const enter = page.getByRole('button', { name: 'Enter' });

  // The first load waits for the dev server's lazily compiled chunks.
  await expect(sidebar.or(enter).first()).toBeVisible({ timeout: 90_000 });
  if (!(await sidebar.isVisible()) && (await enter.isVisible())) {
    await enter.click();
  }
  await expect(sidebar).toBeVisible();
}

/** The portal's sidebar; e.g. `sidebarNav(page).getByRole('link', { name: 'Catalog' })`. */
export function sidebarNav(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

/**
 * A guest Backstage token for calling the backend API directly
 * (`Authorization: Bearer <token>`); the guest provider is on in development.
 */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get(
    `${BACKEND_URL}/api/auth/guest/refresh?optional&env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(res.ok(), `guest refresh: HTTP ${res.status()}`).toBeTruthy();
  const body = await res.json();
  return body.backstageIdentity.token as string;
}
