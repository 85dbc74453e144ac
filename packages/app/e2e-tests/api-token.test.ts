/*
 * Scripts reach the APIs with the static token from OPSSIGHT_API_TOKEN, exactly as
 * the README's curl examples do. playwright.config.ts starts the portal with a
 * random token for this run (OPSSIGHT_E2E_API_TOKEN).
 */
import { expect, test } from '@playwright/test';
import { BACKEND_URL } from './helpers';

const token = process.env.OPSSIGHT_E2E_API_TOKEN!;

test.describe('API access with the static token', () => {
  test('a script lists, adds and deletes machines with the token', async ({
    request,
  }) => {
    expect(
      token,
      'playwright.config.ts sets OPSSIGHT_E2E_API_TOKEN',
    ).toBeTruthy();
    const headers = { Authorization: `Bearer ${token}` };

    const created = await request.post(`${BACKEND_URL}/api/machines/machines`, {
      headers,
      data: {
        ip: '127.0.9.1',
        hostname: 'api-token-host',
        tags: ['from-script'],
      },
    });
    expect(created.status()).toBe(201);
    const machine = await created.json();

    const list = await request.get(
      `${BACKEND_URL}/api/machines/machines?tag=from-script`,
      { headers },
    );
    expect(list.status()).toBe(200);
    expect(
      (await list.json()).items.map((m: { hostname: string }) => m.hostname),
    ).toEqual(['api-token-host']);

    const bad = await request.post(`${BACKEND_URL}/api/machines/machines`, {
      headers,
      data: { ip: '127.0.9.300', hostname: 'x' },
    });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toContain(
      "ip: '127.0.9.300' is not a valid IPv4 or IPv6 address",
    );

    const deleted = await request.delete(
      `${BACKEND_URL}/api/machines/machines/${machine.id}`,
      { headers },
    );
    expect(deleted.status()).toBe(204);
  });

  test('a wrong token or none at all is refused', async ({ request }) => {
    const attempts: Record<string, string>[] = [
      { Authorization: 'Bearer not-the-token-at-all' },
      {},
    ];
    for (const headers of attempts) {
      const res = await request.get(`${BACKEND_URL}/api/machines/machines`, {
        headers,
      });
      expect(res.status()).toBe(401);
    }
  });
});
