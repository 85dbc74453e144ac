/*
 * Kubernetes clusters in Chromium, against a real sshd that answers on four
 * loopback addresses: an operator runs the cluster wizard (the scaffolder
 * template with the ClusterNodeIps field) for one master and two workers,
 * opens the new cluster, runs `uname -a` on every node through the job engine
 * and sees three results, then reconfigures it to add a worker (registering
 * that machine on the way) and sees the diff before applying it.
 */
import { expect, test } from '@playwright/test';
import {
  BACKEND_URL,
  createUser,
  pinHostKeys,
  registerMachineWithKey,
  signIn,
  sshdForSpec,
  userToken,
} from './helpers';

const net = `127.79.${1 + Math.floor(Math.random() * 250)}`;
const [master, worker1, worker2, worker3] = [1, 2, 3, 4].map(
  n => `${net}.${n}`,
);
const suffix = net.split('.')[2];
const specSshd = sshdForSpec([master, worker1, worker2, worker3]);

test('an operator creates a cluster with the wizard, runs a script on its nodes and reconfigures it', async ({
  page,
  playwright,
  request,
}) => {
  test.setTimeout(300_000);
  const sshd = specSshd();
  const operator = await createUser(playwright, 'operator');
  const token = await userToken(request, operator);

  // The three nodes are registered machines with pinned host keys (a
  // connection test each), as an operator has them before building a cluster.
  const nodes = [
    { host: master, hostname: `e2e-m-${suffix}` },
    { host: worker1, hostname: `e2e-w1-${suffix}` },
    { host: worker2, hostname: `e2e-w2-${suffix}` },
  ];
  const machines: Array<{ id: string; credentialId: string }> = [];
  for (const node of nodes) {
    machines.push(
      await registerMachineWithKey(request, token, { ...node, sshd }),
    );
  }
  await pinHostKeys(
    request,
    token,
    machines.map(m => m.id),
    sshd,
  );

  await signIn(page, operator);

  // --- The wizard, from the Clusters page.
  const name = `e2e-${suffix}-${Date.now().toString(36)}`;
  await page.goto('/clusters');
  await page.getByRole('link', { name: 'New cluster' }).first().click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/kubernetes-cluster/,
  );
  // A bad name is explained in words, once: never as the raw pattern.
  await page.getByRole('textbox', { name: 'Name' }).fill('Bad_Name');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/must be a DNS label/)).toHaveCount(1);
  await expect(page.getByText(/must match pattern|\^\[a-z0-9\]/)).toHaveCount(
    0,
  );
  await page.screenshot({
    path: test.info().outputPath('wizard-bad-name.png'),
  });
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  // The owner defaults to the platform team.
  await expect(page.getByLabel(/Owner/).first()).toHaveValue(/platform-team/);
  await page.getByRole('button', { name: 'Next' }).click();

  const masters = page.getByRole('group', { name: 'Masters' });
  const workers = page.getByRole('group', { name: 'Workers' });
  // A bad entry is named once, at the entry; the list above the form points there.
  await masters.getByRole('textbox', { name: 'Add masters' }).fill('nope');
  await masters.getByRole('textbox', { name: 'Add masters' }).press('Enter');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(
    page.getByText("'nope' is not a valid IPv4 or IPv6 address"),
  ).toHaveCount(1);
  await expect(page.getByText(/see the entry marked in red below/)).toHaveCount(
    1,
  );
  await page.screenshot({
    path: test.info().outputPath('wizard-bad-ip.png'),
  });
  await masters.getByRole('button', { name: /Remove master 1/ }).click();
  await masters.getByRole('textbox', { name: 'Add masters' }).fill(master);
  await masters.getByRole('textbox', { name: 'Add masters' }).press('Enter');
  await workers
    .getByRole('textbox', { name: 'Add workers' })
    .fill(`${worker1}, ${worker2}`);
  await workers.getByRole('textbox', { name: 'Add workers' }).press('Enter');
  // Each IP is looked up: all three are registered machines.
  await expect(
    masters.getByText(`registered: ${nodes[0].hostname}`),
  ).toBeVisible();
  await expect(
    workers.getByText(`registered: ${nodes[1].hostname}`),
  ).toBeVisible();
  await expect(
    workers.getByText(`registered: ${nodes[2].hostname}`),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  // The review shows the nodes as lines, not `ip: … hostname: …` objects.
  await expect(page.getByText(worker2, { exact: true })).toBeVisible();
  await expect(page.getByText(/hostname:|ip:/)).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('wizard-review.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Create' }).click();

  // The task ends with a link to the new cluster.
  await page
    .getByRole('link', { name: 'Open cluster' })
    .click({ timeout: 120_000 });
  await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]{36}/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  for (const node of nodes) {
    await expect(
      page.getByText(node.host, { exact: true }).first(),
    ).toBeVisible();
  }

  // --- Run `uname -a` on all nodes.
  await page
    .getByRole('link', { name: 'Run script' })
    .or(page.getByRole('button', { name: 'Run script' }))
    .first()
    .click();
  await page.getByRole('textbox', { name: 'Script' }).fill('uname -a');
  await page.getByRole('combobox', { name: 'Log in with' }).click();
  await page
    .getByRole('option', {
      name: new RegExp(`e2e key ${master.replace(/\./g, '\\.')}`),
    })
    .click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/clusters\/runs\/[0-9a-f-]{36}/);
  await expect(
    page
      .getByTestId('job-status')
      .and(page.locator('[data-status="succeeded"]')),
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('3 / 3 done')).toBeVisible();
  for (const node of nodes) {
    await expect(
      page.getByRole('button', { name: new RegExp(node.hostname) }),
    ).toBeVisible();
  }
  // Identical output from the three nodes: one group of three (clush -b).
  await page.getByRole('tab', { name: 'Grouped output' }).click();
  await expect(
    page.getByTestId('job-output-group-title').first(),
  ).toContainText('(3)');
  await expect(page.getByTestId('job-output-groups')).toContainText('Linux');

  // --- Reconfigure: add a worker that is not registered yet, see the diff, apply.
  await page.getByRole('link', { name }).first().click();
  await page
    .getByRole('link', { name: 'Reconfigure' })
    .or(page.getByRole('button', { name: 'Reconfigure' }))
    .first()
    .click();
  const editWorkers = page.getByRole('group', { name: 'Workers' });
  await expect(
    editWorkers.getByText(`registered: ${nodes[1].hostname}`),
  ).toBeVisible();
  await editWorkers.getByRole('textbox', { name: 'Add workers' }).fill(worker3);
  await editWorkers
    .getByRole('textbox', { name: 'Add workers' })
    .press('Enter');
  await expect(editWorkers.getByText('not registered')).toBeVisible();
  await editWorkers
    .getByRole('textbox', { name: `Host name for ${worker3}` })
    .fill(`e2e-w3-${suffix}`);
  await page.getByRole('button', { name: /and review|Review changes/ }).click();
  const diff = page
    .getByText(`+ ${worker3}`)
    .or(page.getByText(worker3))
    .first();
  await expect(diff).toBeVisible();
  await expect(page.getByText(/Changes to/)).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/tab=history/);
  await expect(page.getByText(worker3).first()).toBeVisible();

  // The cluster now has three workers.
  const res = await request.get(
    `${BACKEND_URL}/api/clusters/clusters/by-name/${name}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const cluster = await res.json();
  expect(
    cluster.nodes
      .filter((n: { role: string }) => n.role === 'worker')
      .map((n: { ip: string }) => n.ip)
      .sort(),
  ).toEqual([worker1, worker2, worker3].sort());
});

test('a viewer learns on the first step of the wizard that creating clusters needs the Operator role', async ({
  page,
  playwright,
}) => {
  test.setTimeout(180_000);
  const viewer = await createUser(playwright, 'viewer');
  await signIn(page, viewer);
  await page.goto('/create/templates/default/kubernetes-cluster');
  await expect(
    page.getByText(/You need the Operator role/).first(),
  ).toBeVisible({ timeout: 60_000 });
  await page.screenshot({
    path: test.info().outputPath('wizard-viewer.png'),
  });
  // Whatever the page offers, the viewer never gets past the first step.
  const next = page.getByRole('button', { name: 'Next' });
  if (await next.isVisible()) {
    await next.click();
    await expect(
      page.getByText(/need the Operator role/).first(),
    ).toBeVisible();
  }
  await expect(page.getByRole('group', { name: 'Masters' })).toHaveCount(0);
  await expect(
    page.getByText(/\bat \S+ \(|node_modules|\.tsx?:\d+/),
  ).toHaveCount(0);
});
