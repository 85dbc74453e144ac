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
import { BACKEND_URL, createUser, signIn, userToken } from './helpers';

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

// FIXME(issue 12): not yet passing. The backend side works in this portal (the
// Kubernetes plugin's request is answered, the vault audits the checkout by
// plugin:kubernetes); what is left is finding the cluster's accordion on the
// Kubernetes tab once it has loaded (the page's own title matched instead).
test.fixme(
  "the Kubernetes tab of a cluster's catalog page lists its pods, the token staying on the server",
  async ({ page, playwright, request }) => {
    test.setTimeout(240_000);
    const admin = await createUser(playwright, 'admin');
    const operator = await createUser(playwright, 'operator');
    const adminAuth = {
      Authorization: `Bearer ${await userToken(request, admin)}`,
    };
    const auth = {
      Authorization: `Bearer ${await userToken(request, operator)}`,
    };
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

    await signIn(page, operator, `/catalog/default/resource/${name}`);
    // The catalog module publishes the cluster within moments of its creation.
    const kubernetesTab = page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Kubernetes' });
    await expect(async () => {
      await page.goto(`/catalog/default/resource/${name}`);
      await expect(kubernetesTab).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
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
    // One accordion per cluster, by its title; open, it lists the workloads.
    const clusterTitle = page
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .first();
    await expect(clusterTitle).toBeVisible({ timeout: 60_000 });
    await shot('kubernetes-tab-clusters.png');
    if (!(await page.getByText('shop', { exact: true }).first().isVisible())) {
      await clusterTitle.click();
    }
    await expect(page.getByText('shop', { exact: true }).first()).toBeVisible({
      timeout: 60_000,
    });
    await expect(
      page.getByText('coredns', { exact: true }).first(),
    ).toBeVisible();
    await shot('kubernetes-tab.png');
    await page.getByText('shop', { exact: true }).first().click();
    await expect(page.getByText('shop-5d8f7c9b6-abcde')).toBeVisible();
    await expect(page.getByText('shop-5d8f7c9b6-bcdef')).toBeVisible();
    await shot('kubernetes-tab-pods.png');

    // The fake saw the token from the portal's backend, as a bearer token.
    const listed = kube.state.requests.filter(r => r.url.includes('pods'));
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed.map(r => r.authorization))).toEqual(
      new Set([`Bearer ${TOKEN}`]),
    );
    expect(bodies.some(b => b.includes(TOKEN))).toBe(false);
  },
);
