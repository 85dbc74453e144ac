/*
 * The security core, end to end: the first sign-in as admin/admin can do
 * nothing but change the password (the backend refuses everything else);
 * a viewer sees no "Add machine" and the API refuses them; an operator tests a
 * connection with an SSH key stored in the vault, against a real sshd, and no
 * secret ever reaches the browser.
 */
import { test, expect } from '@playwright/test';
import { startSshd } from '@opssight/plugin-testing-node';
import {
  BACKEND_URL,
  createUser,
  registerMachineWithKey,
  sidebarNav,
  signIn,
  userToken,
} from './helpers';

test('the first sign-in as admin/admin must change the password, and the backend enforces it', async ({
  page,
  request,
}, testInfo) => {
  await page.goto('/');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel(/^Password/).fill('admin');
  const signedIn = page.waitForResponse(
    r =>
      r.url().endsWith('/api/auth/opssight/refresh') &&
      r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Sign in' }).click();
  const token = (await (await signedIn).json()).backstageIdentity.token;

  await expect(
    page.getByRole('heading', { name: 'Choose a new password' }),
  ).toBeVisible();
  await expect(sidebarNav(page)).toHaveCount(0);

  // Not only the UI: the session's token is refused everywhere else.
  for (const path of [
    '/api/catalog/entities?limit=1',
    '/api/machines/machines',
    '/api/vault/credentials',
  ]) {
    const res = await request.get(`${BACKEND_URL}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect([path, res.status()]).toEqual([path, 403]);
    expect((await res.json()).error.message).toBe('password change required');
  }

  // The policy's answer lands on the field it is about.
  await page.getByLabel(/^New password/).fill('admin-admin');
  await page.getByLabel(/^Confirm new password/).fill('admin-admin');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(
    page.getByText('must be at least 12 characters long'),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('change-password.png') });

  const password = 'quiet-harbour-lantern-42';
  await page.getByLabel(/^New password/).fill(password);
  await page.getByLabel(/^Confirm new password/).fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(sidebarNav(page).getByRole('link').first()).toBeVisible();
  await expect(
    sidebarNav(page).getByRole('link', { name: 'Users' }),
  ).toBeVisible();

  // The session survives a reload (HttpOnly cookie), and the old password is gone.
  await page.reload();
  await expect(sidebarNav(page).getByRole('link').first()).toBeVisible();
  const old = await request.post(`${BACKEND_URL}/api/auth/opssight/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    data: { username: 'admin', password: 'admin' },
  });
  expect(old.status()).toBe(401);
});

test('a viewer sees no "Add machine" and the API refuses them', async ({
  page,
  playwright,
  request,
}, testInfo) => {
  const viewer = await createUser(playwright, 'viewer');
  await signIn(page, viewer, '/machines');
  // The demo machines (machines.seed) are listed: the page has loaded for a reader.
  await expect(page.getByRole('table', { name: 'Machines' })).toBeVisible();
  await expect(page.getByText(/^\d+ machines?$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add machine' })).toHaveCount(
    0,
  );
  await expect(page.getByRole('button', { name: 'Bulk add' })).toHaveCount(0);
  await expect(
    sidebarNav(page).getByRole('link', { name: 'Users' }),
  ).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('viewer-machines.png') });

  const token = await userToken(request, viewer);
  const res = await request.post(`${BACKEND_URL}/api/machines/machines`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { ip: '10.99.0.1', hostname: 'viewer-was-here' },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(
    /opssight\.machines\.create/,
  );
});

test('an operator tests a connection with an SSH key from the vault, and no secret reaches the browser', async ({
  page,
  playwright,
  request,
}, testInfo) => {
  const host = `127.79.${1 + Math.floor(Math.random() * 250)}.${
    1 + Math.floor(Math.random() * 250)
  }`;
  const sshd = await startSshd({ listenAddresses: [host] });
  try {
    const operator = await createUser(playwright, 'operator');
    const token = await userToken(request, operator);

    // The operator's own key, stored in the vault (write-only from here on).
    const hostname = `e2e-vault-${host.replace(/\./g, '-')}`;
    await registerMachineWithKey(request, token, { host, hostname, sshd });

    // Everything the browser receives from here on: bundle, API answers.
    const received: Promise<string>[] = [];
    page.on('response', response => {
      received.push(response.text().catch(() => ''));
    });

    await signIn(page, operator, '/machines');
    await page.getByLabel('Search machines').fill(hostname);
    const row = page.getByTestId('machine-row').filter({ hasText: hostname });
    await expect(row).toHaveCount(1);
    await row
      .getByRole('button', { name: `Test connection to ${hostname}` })
      .click();
    const status = row.getByTestId('connection-status');
    await expect(status).toHaveAttribute('data-status', 'ok');
    await expect(status).toContainText('SSH ok');
    await page.screenshot({
      path: testInfo.outputPath('operator-vault-key.png'),
    });

    // The key worked, yet no part of it, nor the user's password, ever reached the browser.
    const secrets = [
      operator.password,
      ...sshd.clientPrivateKey
        .split('\n')
        .filter(line => line.length > 20 && !line.startsWith('-----')),
    ];
    const bodies = await Promise.all(received);
    expect(bodies.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(bodies.filter(body => body.includes(secret))).toEqual([]);
    }
  } finally {
    await sshd.stop();
  }
});
