/*
 * The audit trail, end to end: text a database cannot store as sent is refused
 * with a 400 naming the field (and the trail stays verifiable), the page shows
 * one row per action with its outcome and its target by name, the action
 * filter offers the actions that occur, and the filters keep their layout at
 * 1280 and 900 pixels.
 */
import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import {
  API_TOKEN,
  BACKEND_URL,
  createUser,
  signIn,
  userToken,
} from './helpers';

const SHOTS = path.resolve(__dirname, '../../../test-results/e2e-artifacts');

async function expectFiltersInLayout(page: Page, width: number) {
  await page.setViewportSize({ width, height: 900 });
  const filters = page.getByTestId('audit-filters');
  await expect(filters).toBeVisible();
  const box = (await filters.boundingBox())!;
  for (const label of ['Actor', 'Plugin', 'Action', 'Outcome', 'From', 'To']) {
    const field = (await page
      .getByLabel(label, { exact: true })
      .first()
      .boundingBox())!;
    // Every field inside the bar, at its full height, none squeezed to nothing.
    expect(field.x, label).toBeGreaterThanOrEqual(box.x - 1);
    expect(field.x + field.width, label).toBeLessThanOrEqual(
      box.x + box.width + 1,
    );
    expect(field.width, label).toBeGreaterThan(120);
  }
  // No horizontal scrolling of the page.
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth <= window.innerWidth,
    ),
  ).toBe(true);
  await page.screenshot({
    path: path.join(SHOTS, `audit-${width}.png`),
    fullPage: false,
  });
}

test('the audit trail: malformed text refused, one row per action, actions to choose from', async ({
  page,
  playwright,
  request,
}) => {
  const admin = await createUser(playwright, 'admin');
  const operator = await createUser(playwright, 'operator');
  const token = await userToken(request, admin);
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };

  // A name with a lone surrogate, as JSON.stringify sends it: refused, naming the field.
  const malformed = await request.post(`${BACKEND_URL}/api/clusters/snippets`, {
    headers,
    data: '{"name":"\\ud800x","script":"uptime"}',
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toContain(
    'name: contains malformed Unicode',
  );
  // Emoji and other non-BMP text are fine, and hash as stored.
  const snippet = await request.post(`${BACKEND_URL}/api/clusters/snippets`, {
    headers,
    data: { name: `deploy 🚀 ${Date.now()}`, script: 'uptime' },
  });
  expect(snippet.status(), await snippet.text()).toBe(201);

  const verify = await request.get(`${BACKEND_URL}/api/audit/verify`, {
    headers: { Authorization: `Bearer ${API_TOKEN}` },
  });
  expect(await verify.json()).toMatchObject({
    ok: true,
    broken: [],
    brokenCount: 0,
  });

  // The folded list: the operator's creation is one action, succeeded, its
  // target the user by name; its two entries are linked by seq.
  const actions = await request.get(
    `${BACKEND_URL}/api/audit/actions?action=access-user-create&target=${encodeURIComponent(
      `user:default/${operator.username}`,
    )}`,
    { headers: { Authorization: `Bearer ${API_TOKEN}` } },
  );
  const list = await actions.json();
  expect(list.totalCount).toBe(1);
  expect(list.items[0]).toMatchObject({
    outcome: 'succeeded',
    start: { outcome: 'initiated' },
    end: { outcome: 'succeeded', initiatedSeq: list.items[0].start.seq },
    target: { kind: 'user', name: operator.username },
  });

  await signIn(page, admin, '/audit');
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();

  // One row per action: no row for an `initiated` entry whose action ended.
  const seqs = await rows.evaluateAll(els =>
    els.map(el => Number((el as HTMLElement).dataset.seq)),
  );
  const endSeqs = new Set<number>(
    (
      await (
        await request.get(`${BACKEND_URL}/api/audit/entries?limit=1000`, {
          headers: { Authorization: `Bearer ${API_TOKEN}` },
        })
      ).json()
    ).items
      .filter((e: { initiatedSeq: number | null }) => e.initiatedSeq !== null)
      .map((e: { seq: number }) => e.seq),
  );
  expect(seqs.filter(seq => endSeqs.has(seq))).toEqual([]);

  // The action filter is a select of the actions that occur.
  await page.getByRole('combobox', { name: 'Action' }).click();
  await expect(
    page.getByRole('option', { name: 'access-user-create' }),
  ).toBeVisible();
  await expect(page.getByRole('option', { name: 'Any' })).toBeVisible();
  await page.getByRole('option', { name: 'access-user-create' }).click();
  await expect(page.getByTestId('audit-count')).toContainText('matching');
  await expect(
    rows.filter({ hasText: 'access-user-create' }).first(),
  ).toBeVisible();
  // The list reloads with the filter: wait until only matching rows remain.
  await expect(rows.filter({ hasNotText: 'access-user-create' })).toHaveCount(
    0,
  );
  // The operator's row: succeeded, the user by name, linked to the users page.
  const row = rows.filter({
    has: page.getByRole('link', { name: operator.username, exact: true }),
  });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('outcome')).toHaveText('succeeded');
  await expect(
    row.getByRole('link', { name: operator.username, exact: true }),
  ).toHaveAttribute('href', '/users');

  await expectFiltersInLayout(page, 1280);
  await expectFiltersInLayout(page, 900);
});
