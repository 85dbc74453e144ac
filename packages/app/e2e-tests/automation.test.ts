/*
 * Automation in Chromium, with the real ansible-playbook against a real sshd
 * answering on two loopback addresses: an operator creates a stored project
 * and edits its playbook, a live inventory of a machine group, and a template
 * with a survey; runs it (the survey's answer makes one host fail); sees the
 * live log, the host × task grid and the recap; and reruns the failed host
 * only.
 */
import { expect, test } from '@playwright/test';
import {
  BACKEND_URL,
  createUser,
  pinHostKeys,
  signIn,
  sshdForSpec,
  userToken,
} from './helpers';

const net = `127.83.${1 + Math.floor(Math.random() * 250)}`;
const hosts = [1, 2].map(n => `${net}.${n}`);
const suffix = `${net.split('.')[2]}-${Date.now().toString(36)}`;
const specSshd = sshdForSpec(hosts);

const PLAYBOOK = `- name: E2E
  hosts: all
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello from {{ inventory_hostname }}"
    - name: Fail where asked
      ansible.builtin.fail:
        msg: "asked to fail here"
      when: inventory_hostname == fail_on
`;

test('an operator builds a project, an inventory and a template with a survey, runs it and reruns the failed host', async ({
  page,
  playwright,
  request,
}) => {
  test.setTimeout(420_000);
  const sshd = specSshd();
  const group = `e2e-auto-${suffix}`;
  const names = hosts.map((_, i) => `auto-${i + 1}-${suffix}`);

  // An admin stores the sshd's key as a shared credential; the operator
  // registers the two machines in a group and pins their host keys.
  const admin = await createUser(playwright, 'admin');
  const adminToken = await userToken(request, admin);
  const credential = await request.post(
    `${BACKEND_URL}/api/vault/credentials`,
    {
      headers: { Authorization: `Bearer ${adminToken}` },
      data: {
        kind: 'ssh-key',
        scope: 'shared',
        name: `automation key ${suffix}`,
        username: sshd.username,
        privateKey: sshd.clientPrivateKey,
      },
    },
  );
  expect(credential.status(), await credential.text()).toBe(201);
  const operator = await createUser(playwright, 'operator');
  const token = await userToken(request, operator);
  const machineIds: string[] = [];
  for (const [i, host] of hosts.entries()) {
    const added = await request.post(`${BACKEND_URL}/api/machines/machines`, {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        ip: host,
        hostname: names[i],
        sshPort: sshd.port,
        sshUser: sshd.username,
        groups: [group],
      },
    });
    expect(added.status(), await added.text()).toBe(201);
    machineIds.push((await added.json()).id);
  }
  await pinHostKeys(request, token, machineIds, sshd);

  await signIn(page, operator, '/automation/projects');

  // --- A stored project, its playbook edited in the browser.
  await page.getByRole('button', { name: 'Add project' }).first().click();
  const projectDialog = page.getByRole('dialog');
  await projectDialog.getByLabel('Name').fill(`e2e project ${suffix}`);
  await projectDialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page).toHaveURL(/\/automation\/projects\//);
  const editor = page.locator('.cm-content');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(PLAYBOOK);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const saveDialog = page.getByRole('dialog');
  await saveDialog.getByLabel('What changed').fill('fail where asked');
  await saveDialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/Version 2/).first()).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath('automation-project.png'),
    fullPage: true,
  });

  // --- A live inventory of the group, with its resolved preview.
  await page.goto('/automation/inventories');
  await page.getByRole('button', { name: 'Add inventory' }).first().click();
  const inventoryDialog = page.getByRole('dialog');
  await inventoryDialog.getByLabel('Name').fill(`e2e hosts ${suffix}`);
  const groups = inventoryDialog.getByRole('combobox', {
    name: 'Machine groups',
  });
  await groups.fill(group);
  await groups.press('Enter');
  // The preview resolves the group now: both machines, keys pinned.
  await inventoryDialog.getByRole('button', { name: 'Preview hosts' }).click();
  await expect(inventoryDialog.getByText(names[0]).first()).toBeVisible();
  await expect(inventoryDialog.getByText(names[1]).first()).toBeVisible();
  await inventoryDialog
    .getByRole('button', { name: 'Add', exact: true })
    .click();
  await expect(inventoryDialog).toBeHidden();

  // --- A template with a survey question.
  await page.goto('/automation/templates');
  // The first template: the empty list offers the button too.
  await page.getByRole('button', { name: 'Add template' }).first().click();
  const templateDialog = page.getByRole('dialog');
  const templateName = `e2e template ${suffix}`;
  await templateDialog.getByLabel('Name').fill(templateName);
  const pick = async (label: string, option: string | RegExp) => {
    await templateDialog
      .getByRole('combobox', { name: new RegExp(`^${label}`) })
      .click();
    await page.getByRole('option', { name: option }).click();
  };
  await pick('Project', `e2e project ${suffix}`);
  await pick('Playbook', 'site.yml');
  await pick('Inventory', `e2e hosts ${suffix}`);
  await pick('Log in with', new RegExp(`automation key ${suffix}`));
  await templateDialog.getByRole('button', { name: 'Add question' }).click();
  const question = templateDialog.getByRole('group', { name: 'Question 1' });
  await question.getByRole('textbox', { name: 'Variable' }).fill('fail_on');
  await question
    .getByRole('textbox', { name: 'Question' })
    .fill('Which host should fail?');
  await templateDialog
    .getByRole('button', { name: 'Add', exact: true })
    .click();
  await expect(templateDialog).toBeHidden();

  // --- Run it: the survey asks, the answer makes the second host fail.
  await page.getByRole('button', { name: `Run ${templateName}` }).click();
  const survey = page.getByRole('dialog', { name: `Run ${templateName}` });
  await survey.getByLabel(/Which host should fail/).fill(names[1]);
  await survey.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/automation\/runs\//);

  // The live log, the grid and the recap.
  await expect(page.getByText('PLAY RECAP').first()).toBeVisible({
    timeout: 120_000,
  });
  const grid = page.getByRole('table', { name: 'Hosts and tasks' });
  await expect(
    grid.getByLabel(new RegExp(`^${names[0]}, Say hello: ok`)),
  ).toBeVisible();
  await expect(
    grid.getByLabel(new RegExp(`^${names[1]}, Fail where asked: failed`)),
  ).toBeVisible();
  await expect(
    grid.getByLabel(new RegExp(`^${names[0]}, Fail where asked: skipped`)),
  ).toBeVisible();
  const recap = page.getByRole('table', { name: 'Play recap' });
  await expect(
    recap.getByRole('row', { name: new RegExp(names[1]) }),
  ).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath('automation-run.png'),
    fullPage: true,
  });

  // A cell opens the task's result.
  await grid.getByLabel(new RegExp(`^${names[1]}, Fail where asked`)).click();
  await expect(
    page.getByRole('dialog').getByText('asked to fail here'),
  ).toBeVisible();
  await page.keyboard.press('Escape');

  // --- Rerun failed: only the failed host runs again.
  const firstRun = page.url();
  await page.getByRole('button', { name: /Rerun failed/ }).click();
  await expect(page).not.toHaveURL(firstRun);
  await expect(page.getByText('PLAY RECAP').first()).toBeVisible({
    timeout: 120_000,
  });
  const rerunGrid = page.getByRole('table', { name: 'Hosts and tasks' });
  await expect(
    rerunGrid.getByLabel(new RegExp(`^${names[1]}, `)).first(),
  ).toBeVisible();
  await expect(rerunGrid.getByLabel(new RegExp(`^${names[0]}, `))).toHaveCount(
    0,
  );
  await page.screenshot({
    path: test.info().outputPath('automation-rerun.png'),
    fullPage: true,
  });
});
