/*
 * The landing page and the sidebar, by role: each role sees the overview tiles
 * and quick actions it can use, the sidebar lists only what it may open and
 * fits a 1280×900 screen, and a page not for the role explains which role it
 * needs.
 */
import { test, expect, type Page } from '@playwright/test';
import { createUser, signIn, sidebarNav, type TestUser } from './helpers';

const TILES = {
  machines: 'home-tile-machines',
  clusters: 'home-tile-clusters',
  jobs: 'home-tile-jobs',
  sessions: 'home-tile-sessions',
  failedSignIns: 'home-tile-failed-sign-ins',
  hostKeys: 'home-tile-host-keys',
};

const EXPECTED: Record<
  TestUser['role'],
  { tiles: string[]; actions: string[]; nav: string[]; noNav: string[] }
> = {
  admin: {
    tiles: Object.values(TILES),
    actions: ['Add machine', 'Open terminal', 'Create cluster', 'Run script'],
    nav: [
      'Home',
      'Machines',
      'Clusters',
      'Terminal',
      'Create',
      'Audit trail',
      'Users',
    ],
    noNav: [],
  },
  operator: {
    tiles: [TILES.machines, TILES.clusters, TILES.jobs, TILES.sessions],
    actions: ['Add machine', 'Open terminal', 'Create cluster', 'Run script'],
    nav: ['Home', 'Machines', 'Clusters', 'Terminal', 'Create'],
    noNav: ['Audit trail', 'Users'],
  },
  viewer: {
    tiles: [TILES.machines, TILES.clusters, TILES.jobs],
    actions: [],
    nav: ['Home', 'Machines', 'Clusters'],
    noNav: [
      'Terminal',
      'Create',
      'Audit trail',
      'Users',
      'Register Existing Component',
    ],
  },
};

async function expectHome(page: Page, role: TestUser['role']) {
  const expected = EXPECTED[role];
  for (const id of expected.tiles) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  // Tiles appear once the role is known; by now every allowed one has.
  for (const id of Object.values(TILES).filter(
    t => !expected.tiles.includes(t),
  )) {
    await expect(page.getByTestId(id)).toHaveCount(0);
  }
  // No tile failed: a refused or broken request is never shown as an error.
  await expect(page.getByText(/Could not load this/)).toHaveCount(0);

  const actions = page.getByRole('group', { name: 'Quick actions' });
  if (expected.actions.length === 0) {
    await expect(actions).toHaveCount(0);
  } else {
    for (const name of expected.actions) {
      await expect(actions.getByRole('link', { name })).toBeVisible();
    }
  }
}

async function expectSidebar(page: Page, role: TestUser['role']) {
  const nav = sidebarNav(page);
  for (const name of EXPECTED[role].nav) {
    // `.last()`: the logo is a link to Home too.
    await expect(
      nav.getByRole('link', { name, exact: true }).last(),
    ).toBeVisible();
  }
  for (const name of EXPECTED[role].noNav) {
    await expect(nav.getByRole('link', { name, exact: true })).toHaveCount(0);
  }
  // The last entry (Settings, at the bottom) is on screen, not cut off.
  await expect(nav.getByRole('link').last()).toBeInViewport({ ratio: 1 });
}

for (const role of ['admin', 'operator', 'viewer'] as const) {
  test(`as ${role}, home shows the ${role}'s tiles and the sidebar fits 1280×900`, async ({
    page,
    playwright,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, await createUser(playwright, role), '/');

    await expect(page.getByTestId(TILES.machines)).toBeVisible({
      timeout: 60_000,
    });
    await expectHome(page, role);
    await expectSidebar(page, role);
    await page.screenshot({ path: testInfo.outputPath(`home-${role}.png`) });

    // The machines tile leads to the page it summarises.
    await page
      .getByTestId(TILES.machines)
      .getByRole('link', { name: 'Machines' })
      .click();
    await expect(page).toHaveURL(/\/machines$/);

    if (role === 'viewer') {
      // Templates are not for viewers: a page that says so, no error overlay.
      await page.goto('/create');
      await expect(
        page.getByRole('heading', { name: 'You need the Operator role' }),
      ).toBeVisible();
      await page.goto('/catalog-import');
      await expect(
        page.getByRole('heading', { name: 'You need the Operator role' }),
      ).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('viewer-create.png') });
    }
  });
}
