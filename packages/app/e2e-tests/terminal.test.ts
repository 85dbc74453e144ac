/*
 * The web terminal in Chromium: an operator opens a terminal from a machine's
 * page (against a real sshd on loopback, with an SSH key from the vault),
 * types a command and sees its output, then plays the session's recording;
 * signing out closes an open terminal, which says so.
 */
import { expect, test } from '@playwright/test';
import {
  BACKEND_URL,
  createUser,
  openMachineTab,
  pinHostKeys,
  registerMachineWithKey,
  signIn,
  sshdForSpec,
  userToken,
} from './helpers';

const host = `127.78.${1 + Math.floor(Math.random() * 250)}.${
  1 + Math.floor(Math.random() * 250)
}`;
const specSshd = sshdForSpec([host]);

test('an operator opens a terminal from the machine page, runs a command, and plays the recording', async ({
  page,
  playwright,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const sshd = specSshd();
  const operator = await createUser(playwright, 'operator');
  const token = await userToken(request, operator);

  // A machine with the operator's key as its default credential, host key pinned.
  const hostname = `e2e-term-${host.replace(/\./g, '-')}`;
  const machine = await registerMachineWithKey(request, token, {
    host,
    hostname,
    sshd,
  });
  await pinHostKeys(request, token, [machine.id], sshd);

  // The machine's page: from the machines table to its catalog entity (published
  // by the catalog module within seconds), tab "Machine".
  await signIn(page, operator, '/machines');
  await page.getByLabel('Search machines').fill(hostname);
  const row = page.getByTestId('machine-row').filter({ hasText: hostname });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: hostname, exact: true }).click();
  await openMachineTab(page, hostname);
  const openButton = page.getByRole('link', { name: 'Open terminal' });
  await expect(openButton).toBeVisible();
  await openButton.click();

  // The dialog offers the machine's default credential; open.
  const dialog = page.getByRole('dialog', { name: 'Open terminal' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`e2e key ${host}`);
  await dialog.getByRole('button', { name: 'Open terminal' }).click();
  await expect(dialog).toBeHidden();

  // A tab for the machine; type a command into xterm and see its output.
  const terminal = page.locator('.xterm').first();
  await expect(
    page.getByRole('tab', { name: new RegExp(hostname) }),
  ).toBeVisible();
  await expect(page.getByText(`${sshd.username}@${hostname}`)).toBeVisible({
    timeout: 30_000,
  });
  await terminal.click();
  await page.keyboard.type('echo "e2e-$((6*7))-ok"');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('e2e-42-ok', {
    timeout: 30_000,
  });
  await page.screenshot({ path: testInfo.outputPath('terminal.png') });
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Reconnect' })).toBeVisible({
    timeout: 30_000,
  });

  // The recording: listed, and its playback shows the same output.
  await page.getByRole('link', { name: 'Recordings' }).first().click();
  const watch = page.getByRole('link', {
    name: new RegExp(`^Watch ${hostname} at`),
  });
  await expect(watch).toHaveCount(1);
  await watch.click();
  const player = page.locator('.ap-player');
  await expect(player).toBeVisible();
  await player.click(); // play
  await expect(player).toContainText('e2e-42-ok', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('recording.png') });

  // Signing out (here from the same browser, as another tab would) ends an
  // open terminal too, and its tab says why.
  await page.goto(`/terminal?machine=${machine.id}`);
  const reopen = page.getByRole('dialog', { name: 'Open terminal' });
  await expect(reopen).toContainText(`e2e key ${host}`);
  await reopen.getByRole('button', { name: 'Open terminal' }).click();
  await expect(page.getByText(`${sshd.username}@${hostname}`)).toBeVisible({
    timeout: 30_000,
  });
  const signOut = await page.request.post(
    `${BACKEND_URL}/api/auth/opssight/logout`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(signOut.status(), await signOut.text()).toBe(200);
  await expect(
    page.getByText('Your session ended; sign in again').first(),
  ).toBeVisible({ timeout: 45_000 });
  await page.screenshot({ path: testInfo.outputPath('session-ended.png') });
});
