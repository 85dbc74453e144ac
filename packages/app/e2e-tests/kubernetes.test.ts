/*
 * Backstage's Kubernetes plugin with an OpsSight cluster, in Chromium: a fake
 * Kubernetes API server (TLS with its own CA, one accepted bearer token) runs
 * on loopback with a small application; an admin stores its token in the
 * vault as a shared credential bound to that API URL, an operator creates a
 * cluster with the URL, the CA and that credential, and the Kubernetes tab of
 * the cluster's catalog page lists the fake's pods. The token goes from the
 * portal's backend to the fake only: never to the browser.
 */
import { expect, test } from '@playwright/test';
import {
  fakeKubeApp,
  startFakeKubeApi,
  type FakeKubeApi,
} from '@opssight/plugin-testing-node';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { authHeaders, BACKEND_URL, createUser, signIn } from './helpers';

let kube: FakeKubeApi;
const TOKEN = `e2e-sa-token-${randomBytes(12).toString('hex')}`;

test.beforeAll(async () => {
  kube = await startFakeKubeApi({ token: TOKEN });
  kube.add(
    ...fakeKubeApp({ name: 'shop', namespace: 'web', replicas: 2 }),
    ...fakeKubeApp({ name: 'coredns', namespace: 'kube-system', replicas: 1 }),
  );
});

test.afterAll(async () => {
  await kube?.stop();
});

test("the Kubernetes tab of a cluster's catalog page lists its pods, the token staying on the server", async ({
  page,
  playwright,
  request,
}) => {
  const admin = await createUser(playwright, 'admin');
  const operator = await createUser(playwright, 'operator');
  const adminAuth = await authHeaders(request, admin);
  const auth = await authHeaders(request, operator);
  const suffix = Date.now().toString(36);

  const stored = await request.post(`${BACKEND_URL}/api/vault/credentials`, {
    headers: adminAuth,
    data: {
      kind: 'api-token',
      scope: 'shared',
      name: `e2e reader ${suffix}`,
      token: TOKEN,
      allowedDestinations: [kube.url],
    },
  });
  expect(stored.status(), await stored.text()).toBe(201);
  const tokenId = (await stored.json()).id;

  const ip = `127.88.${1 + Math.floor(Math.random() * 250)}.1`;
  const machine = await request.post(`${BACKEND_URL}/api/machines/machines`, {
    headers: auth,
    data: { ip, hostname: `e2e-k8s-${suffix}` },
  });
  expect(machine.status(), await machine.text()).toBe(201);

  const name = `e2e-k8s-${suffix}`;
  const created = await request.post(`${BACKEND_URL}/api/clusters/clusters`, {
    headers: auth,
    data: {
      name,
      environment: 'test',
      masters: [ip],
      apiUrl: kube.url,
      apiCaData: kube.caData,
      apiTokenCredentialId: tokenId,
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  // The browser sees no token: record every response body it gets.
  const bodies: string[] = [];
  page.on('response', async response => {
    try {
      bodies.push(await response.text());
    } catch {
      // Redirects and aborted requests have no body.
    }
  });

  // The catalog module publishes the cluster within moments of its
  // creation; its page exists once the catalog serves the entity.
  await expect(async () => {
    const entity = await request.get(
      `${BACKEND_URL}/api/catalog/entities/by-name/resource/default/${name}`,
      { headers: auth },
    );
    expect(entity.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
  await signIn(page, operator, `/catalog/default/resource/${name}`);
  const kubernetesTab = page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Kubernetes' });
  await kubernetesTab.click();
  await expect(page).toHaveURL(/\/kubernetes$/);

  // The cluster, then its workloads: the deployments with their pods.
  const shot = (file: string) =>
    page.screenshot({
      path: path.join(
        process.env.OPSSIGHT_E2E_SHOTS ??
          path.join(__dirname, '..', '..', '..', 'test-results'),
        file,
      ),
      fullPage: true,
    });
  // The tab has loaded once its heading shows (a progress bar before).
  await expect(
    page.getByRole('heading', { name: 'Your Clusters' }),
  ).toBeVisible({ timeout: 60_000 });
  // One accordion per cluster: its summary (a button with the cluster's
  // title and its pod count) opens it; the page header has the same title,
  // so the pod count tells the two apart.
  const clusterPanel = page
    .getByRole('button')
    .filter({ hasText: `${name} (test)` })
    .filter({ hasText: '3 pods' });
  await expect(clusterPanel).toBeVisible();
  await expect(clusterPanel).toContainText('No pods with errors');
  await shot('kubernetes-tab-clusters.png');
  await clusterPanel.getByText('Cluster', { exact: true }).click();
  await expect(clusterPanel).toHaveAttribute('aria-expanded', 'true');

  // Inside, one accordion per deployment; its name is a button of its own
  // (it opens the deployment's details), so open it by its pod count.
  const deployment = (app: string, pods: string) =>
    page
      .getByRole('button')
      .filter({ hasText: new RegExp(`^\\s*${app}\\s*Deployment`) })
      .filter({ hasText: pods });
  const shop = deployment('shop', '2 pods');
  await expect(shop).toBeVisible();
  await expect(deployment('coredns', '1 pod')).toBeVisible();
  await shop.getByText('2 pods', { exact: true }).click();
  await expect(shop).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('shop-5d8f7c9b6-abcde')).toBeVisible();
  await expect(page.getByText('shop-5d8f7c9b6-bcdef')).toBeVisible();
  await expect(page.getByText(/^coredns-.*-abcde$/)).toBeHidden();
  await shot('kubernetes-tab-pods.png');

  // The fake saw the token from the portal's backend, as a bearer token.
  const listed = kube.state.requests.filter(r => r.url.includes('pods'));
  expect(listed.length).toBeGreaterThan(0);
  expect(new Set(listed.map(r => r.authorization))).toEqual(
    new Set([`Bearer ${TOKEN}`]),
  );
  expect(bodies.some(b => b.includes(TOKEN))).toBe(false);
});
