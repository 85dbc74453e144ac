/*
 * Passwords after the first sign-in: a user changes their own under Settings
 * (their other sessions end, this one stays), and an admin hands over a
 * generated password with one click and is warned before locking themself out.
 */
import { test, expect } from '@playwright/test';
import { BACKEND_URL, createUser, signIn, userToken } from './helpers';

test('a user changes their own password under Settings; their other sessions end, this one stays', async ({
  page,
  playwright,
  request,
}, testInfo) => {
  const user = await createUser(playwright, 'operator');
  const elsewhere = await userToken(request, user);
  await signIn(page, user, '/settings/password');

  const form = page.getByRole('form', { name: 'Change password' });
  await expect(form).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(`Signed in as ${user.username}`)).toBeVisible();

  // A wrong current password, and the policy: each message on its field.
  await form.getByLabel(/^Current password/).fill('not-my-password-1');
  await form.getByLabel(/^New password/).fill('short');
  await form.getByLabel(/^Confirm new password/).fill('short');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('is not the current password')).toBeVisible();

  await form.getByLabel(/^Current password/).fill(user.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(
    form.getByText(/must be at least 12 characters long/),
  ).toBeVisible();
  await page.screenshot({
    path: testInfo.outputPath('settings-password-policy.png'),
  });

  const password = 'copper-meadow-lantern-58';
  await form.getByLabel(/^New password/).fill(password);
  await form.getByLabel(/^Confirm new password/).fill(password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(
    page.getByText('Password changed. Your other sessions have ended.'),
  ).toBeVisible();
  await page.screenshot({
    path: testInfo.outputPath('settings-password-changed.png'),
  });

  // The other session ended at once; this one goes on, reload included.
  const other = await request.get(`${BACKEND_URL}/api/access/me`, {
    headers: { Authorization: `Bearer ${elsewhere}` },
  });
  expect(other.status()).toBe(401);
  await page.reload();
  await expect(form.getByLabel(/^Current password/)).toBeVisible();
  await expect(page.getByLabel('Username')).toHaveCount(0);

  // The new password signs in; the old one no longer does.
  expect(await userToken(request, { ...user, password })).toBeTruthy();
  const old = await request.post(`${BACKEND_URL}/api/auth/opssight/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    data: { username: user.username, password: user.password },
  });
  expect(old.status()).toBe(401);
});

test('an admin copies a generated password, and is warned before disabling themself', async ({
  page,
  playwright,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const admin = await createUser(playwright, 'admin');
  await signIn(page, admin, '/users');

  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Generate' }).click();
  const generated = await dialog.getByLabel(/^Initial password/).inputValue();
  expect(generated).toHaveLength(20);
  await dialog.getByRole('button', { name: 'Copy password' }).click();
  await expect(dialog.getByText('Copied to the clipboard')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    generated,
  );
  await page.screenshot({
    path: testInfo.outputPath('users-generated-password.png'),
  });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: `Disable ${admin.username}` }).click();
  const confirm = page.getByRole('dialog', {
    name: `Disable ${admin.username}?`,
  });
  await expect(confirm.getByText('This is your own account')).toBeVisible();
  await page.screenshot({
    path: testInfo.outputPath('users-self-disable.png'),
  });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
});
