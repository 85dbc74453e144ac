/*
 * Smoke test: the portal opens, signs in (a local viewer), shows OpsSight and the catalog.
 */
import { test, expect } from '@playwright/test';
import { createUser, signIn, sidebarNav } from './helpers';

test('the portal opens on the OpsSight catalog', async ({
  page,
  playwright,
}, testInfo) => {
  await signIn(page, await createUser(playwright, 'viewer'));

  // app.title in app-config.yaml
  await expect(page).toHaveTitle(/OpsSight/);

  // The catalog, reached through the sidebar wherever it is mounted.
  await sidebarNav(page)
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  await expect(
    page.getByRole('heading', { name: 'OpsSight Catalog' }),
  ).toBeVisible();

  // The catalog backend answers: entities from examples/ are listed under "All".
  await page.getByRole('menuitem', { name: /^All\b/ }).click();
  await expect(page.getByRole('cell').getByRole('link').first()).toBeVisible();

  await page.screenshot({
    path: testInfo.outputPath('catalog.png'),
    fullPage: true,
  });
});
