/*
 * Machines, end to end: add a machine through the form, bulk-add three, find them,
 * filter by tag, test the SSH connection to a real sshd on loopback, and find the
 * machine in the catalog (published by the machines catalog module).
 */
import { test, expect, type Page } from '@playwright/test';
import {
  authHeaders,
  BACKEND_URL,
  createUser,
  openMachineTab,
  signIn,
  sidebarNav,
  sshdForSpec,
} from './helpers';
import { startSshd } from '@opssight/plugin-testing-node';

// Unique names and addresses, so the test also passes against a portal with data.
const run = Date.now().toString(36).slice(-6);
const octet = () => 1 + Math.floor(Math.random() * 250);
const sshHost = `127.77.${octet()}.${octet()}`;
const bulkNet = `127.78.${octet()}`;
const hostname = `e2e-ssh-${run}`;
const bulkTag = `bulk-${run}`;
const sshTag = `ssh-${run}`;
const bulkNames = [1, 2, 3].map(i => `e2e-bulk-${run}-${i}`);

const specSshd = sshdForSpec([sshHost]);

function machineRow(page: Page, name: string) {
  return page.getByTestId('machine-row').filter({ hasText: name });
}

test('add, bulk-add, filter, test the connection and find the machine in the catalog', async ({
  page,
  playwright,
}, testInfo) => {
  const sshd = specSshd();
  await signIn(page, await createUser(playwright, 'operator'));
  await sidebarNav(page).getByRole('link', { name: 'Machines' }).click();
  await expect(page).toHaveURL(/\/machines$/);

  // --- Add one machine through the form, after an inline validation error.
  await page.getByRole('button', { name: 'Add machine' }).click();
  const form = page.getByRole('dialog', { name: 'Add machine' });
  const ip = form.getByRole('textbox', { name: 'IP address' });
  await ip.fill('10.0.0');
  await expect(
    form.getByText("'10.0.0' is not a valid IPv4 or IPv6 address"),
  ).toBeVisible();
  await ip.fill(sshHost);
  await expect(form.getByText(/is not a valid IPv4/)).toBeHidden();
  await form.getByRole('textbox', { name: 'Host name' }).fill(hostname);
  await form.getByRole('textbox', { name: 'Application' }).fill('e2e');
  await form
    .getByRole('spinbutton', { name: 'SSH port' })
    .fill(String(sshd.port));
  await form.getByRole('combobox', { name: 'Groups' }).fill('e2e');
  await form.getByRole('combobox', { name: 'Groups' }).press('Enter');
  await form.getByRole('combobox', { name: 'Tags' }).fill(sshTag);
  await form.getByRole('combobox', { name: 'Tags' }).press('Enter');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(machineRow(page, hostname)).toBeVisible();
  await expect(machineRow(page, hostname)).toContainText(sshHost);

  // --- Bulk-add three (with a header line, several tags separated by ';').
  await page.getByRole('button', { name: 'Bulk add' }).click();
  const bulk = page.getByRole('dialog', { name: 'Bulk add machines' });
  await bulk
    .getByRole('textbox', { name: 'Machines, one per line' })
    .fill(
      [
        'ip,hostname,application,groups,tags',
        ...bulkNames.map(
          (name, i) => `${bulkNet}.${11 + i},${name},e2e,e2e,${bulkTag};batch`,
        ),
      ].join('\n'),
    );
  await bulk.getByRole('button', { name: 'Add machines' }).click();
  // Nothing rejected: the dialog closes and says how many were added.
  await expect(bulk).toBeHidden();
  await expect(page.getByText('3 machines added')).toBeVisible();

  // --- All three are listed (server-side search).
  const search = page.getByRole('textbox', { name: 'Search machines' });
  await search.fill(`e2e-bulk-${run}`);
  await expect(page.getByTestId('machine-row')).toHaveCount(3);
  for (const name of bulkNames) {
    await expect(machineRow(page, name)).toBeVisible();
  }
  await search.fill('');

  // --- Filter by tag: only the bulk-added machines carry it.
  await page.getByRole('combobox', { name: 'Tag' }).click();
  await page.getByRole('option', { name: `${bulkTag} (3)` }).click();
  await expect(page.getByTestId('machine-row')).toHaveCount(3);
  await expect(machineRow(page, hostname)).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Tag' }).click();
  await page.getByRole('option', { name: `${sshTag} (1)` }).click();
  await expect(page.getByTestId('machine-row')).toHaveCount(1);
  await expect(machineRow(page, hostname)).toBeVisible();

  // --- Test the connection to the loopback sshd: SSH ok, and its key gets pinned.
  const status = machineRow(page, hostname).getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-status', 'never');
  await page
    .getByRole('button', { name: `Test connection to ${hostname}` })
    .click();
  const progress = page.getByTestId('connection-test-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-status', 'completed');
  await expect(progress).toContainText('1 / 1 done');
  await expect(status).toHaveAttribute('data-status', 'ok');
  await expect(status).toContainText('SSH ok');
  await page.screenshot({ path: testInfo.outputPath('machines.png') });

  // --- The machine in the catalog: the catalog module publishes it within seconds.
  await machineRow(page, hostname)
    .getByRole('link', { name: hostname, exact: true })
    .click();
  await openMachineTab(page, hostname);
  await expect(page.getByText(sshHost).first()).toBeVisible();
  await expect(page.getByTestId('pinned-host-key')).toHaveText(
    sshd.hostKeyFingerprint,
  );
  await expect(page.getByTestId('connection-status')).toContainText('SSH ok');
  await page.screenshot({ path: testInfo.outputPath('machine-entity.png') });
});

test('failures by kind with Retest failed, filters in the URL, and deleting a cluster node', async ({
  page,
  playwright,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const operator = await createUser(playwright, 'operator');
  const headers = await authHeaders(request, operator);
  const group = `grp-${run}`;
  // An sshd of its own: the first test registered a machine at the other's address.
  const upHost = `127.75.${octet()}.${octet()}`;
  const upSshd = await startSshd({ listenAddresses: [upHost] });
  try {
    const down = `127.76.${octet()}`;
    // One machine answering SSH, two refusing (nothing listens on port 1).
    const machines = [
      { ip: upHost, hostname: `e2e-up-${run}`, sshPort: upSshd.port },
      { ip: `${down}.11`, hostname: `e2e-down-${run}-1`, sshPort: 1 },
      { ip: `${down}.12`, hostname: `e2e-down-${run}-2`, sshPort: 1 },
    ];
    for (const machine of machines) {
      const added = await request.post(`${BACKEND_URL}/api/machines/machines`, {
        headers,
        data: { ...machine, groups: [group] },
      });
      expect(added.status(), await added.text()).toBe(201);
    }
    // A cluster with a refusing machine as its worker.
    const clusterName = `e2e-del-${run}`;
    const cluster = await request.post(`${BACKEND_URL}/api/clusters/clusters`, {
      headers,
      data: {
        name: clusterName,
        environment: 'test',
        masters: [upHost],
        workers: [machines[1].ip],
      },
    });
    expect(cluster.status(), await cluster.text()).toBe(201);

    // --- A filtered URL opens the filtered list; the filters stay in the URL.
    await signIn(page, operator, `/machines?group=${group}`);
    await expect(page.getByTestId('machine-row')).toHaveCount(3);
    await page
      .getByRole('textbox', { name: 'Search machines' })
      .fill(`e2e-down-${run}`);
    await expect(page.getByTestId('machine-row')).toHaveCount(2);
    await expect(page).toHaveURL(new RegExp(`q=e2e-down-${run}`));
    await expect(page).toHaveURL(new RegExp(`group=${group}`));
    await page.reload();
    await expect(page.getByTestId('machine-row')).toHaveCount(2);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).not.toHaveURL(/[?&](q|group|tag)=/);
    await page.goto(`/machines?group=${group}`);
    await expect(page.getByTestId('machine-row')).toHaveCount(3);

    // --- Test the group: failures by kind, in colour, and Retest failed.
    await page
      .getByRole('button', { name: 'Test connection', exact: true })
      .click();
    await page.getByRole('menuitem', { name: `Group ${group}` }).click();
    const progress = page.getByTestId('connection-test-progress');
    await expect(progress).toHaveAttribute('data-status', 'completed');
    await expect(progress).toContainText('3 / 3 done');
    const breakdown = page.getByTestId('connection-test-breakdown');
    await expect(breakdown).toHaveText('refused: 2');
    await page.screenshot({
      path: testInfo.outputPath('machines-breakdown.png'),
    });
    const retests = page.waitForRequest(
      r =>
        r.url().endsWith('/api/machines/connection-tests') &&
        r.method() === 'POST',
    );
    await progress.getByRole('button', { name: 'Retest failed' }).click();
    const retest = (await retests).postDataJSON();
    expect(retest.machineIds).toHaveLength(2);
    await expect(progress).toHaveAttribute('data-status', 'completed');
    await expect(progress).toContainText('2 / 2 done');

    // --- Deleting the cluster's worker names the cluster; without the option it is refused.
    const worker = machines[1].hostname;
    await page
      .getByRole('button', { name: `Delete ${worker}`, exact: true })
      .click();
    const dialog = page.getByRole('dialog', { name: `Delete ${worker}?` });
    await expect(dialog.getByTestId('delete-machine-clusters')).toContainText(
      `${worker} is a node of cluster ${clusterName}`,
    );
    await page.screenshot({
      path: testInfo.outputPath('machines-delete-node.png'),
    });
    await dialog.getByRole('button', { name: 'Delete machine' }).click();
    await expect(dialog).toContainText(
      `${worker} is a node of cluster ${clusterName}: remove it from that cluster first`,
    );
    await expect(machineRow(page, worker)).toBeVisible();

    // With it, the machine leaves the cluster, then the registry.
    await dialog
      .getByRole('checkbox', { name: 'Remove it from this cluster too' })
      .check();
    await dialog.getByRole('button', { name: 'Delete machine' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`Deleted ${worker}`)).toBeVisible();
    await expect(machineRow(page, worker)).toHaveCount(0);
    const after = await request.get(
      `${BACKEND_URL}/api/clusters/clusters/by-name/${clusterName}`,
      { headers },
    );
    expect(
      ((await after.json()).nodes as Array<{ ip: string }>).map(n => n.ip),
    ).toEqual([upHost]);
  } finally {
    await upSshd.stop();
  }
});
