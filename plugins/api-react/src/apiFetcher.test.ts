import { createApiFetcher, queryString } from './apiFetcher';
import { clientTest, expectApiError, jsonResponse as json } from './testing';

const { baseUrl: BASE, setup } = clientTest('things', apis =>
  createApiFetcher({ ...apis, pluginId: 'things' }),
);

describe('createApiFetcher', () => {
  it("resolves the plugin's base URL and reads JSON", async () => {
    const {
      client: api,
      requests,
      getBaseUrl,
    } = setup(() => json({ id: 't1' }));
    await expect(api.json('/things/t1')).resolves.toEqual({ id: 't1' });
    expect(getBaseUrl).toHaveBeenCalledWith('things');
    expect(requests[0].method).toBe('GET');
    expect(requests[0].url).toBe(`${BASE}/things/t1`);
    expect(requests[0].headers.get('content-type')).toBeNull();
    await expect(api.baseUrl()).resolves.toBe(BASE);
  });

  it('sends a body as JSON with its method', async () => {
    const { client: api, requests } = setup(() => json({}, 201));
    await api.json('/things', { method: 'POST', body: { name: 'a' } });
    expect(requests[0].method).toBe('POST');
    expect(requests[0].headers.get('content-type')).toBe('application/json');
    expect(await requests[0].json()).toEqual({ name: 'a' });
  });

  it('sends no body when there is none', async () => {
    const { client: api, requests } = setup(() => json({}));
    await api.json('/things/t1/enable', { method: 'POST' });
    expect(await requests[0].text()).toBe('');
    expect(requests[0].headers.get('content-type')).toBeNull();
  });

  it('appends the query parameters that have a value', async () => {
    const { client: api, requests } = setup(() => json({ items: [] }));
    await api.json('/things', {
      query: { q: 'a b', tag: '', group: undefined, limit: 20 },
    });
    await api.json('/things', { query: { q: '' } });
    expect(requests.map(r => r.url)).toEqual([
      `${BASE}/things?q=a+b&limit=20`,
      `${BASE}/things`,
    ]);
  });

  it('answers undefined for a 204, and noContent reads nothing', async () => {
    const { client: api, requests } = setup(
      () => new Response(null, { status: 204 }),
    );
    await expect(
      api.json('/things/t1', { method: 'DELETE' }),
    ).resolves.toBeUndefined();
    await expect(
      api.noContent('/things/t2', { method: 'DELETE' }),
    ).resolves.toBeUndefined();
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `DELETE ${BASE}/things/t1`,
      `DELETE ${BASE}/things/t2`,
    ]);
  });

  it('reads text and hands out the response for downloads', async () => {
    const { client: api } = setup(
      () =>
        new Response('a: 1\n', {
          headers: { 'content-disposition': 'attachment; filename="a.yaml"' },
        }),
    );
    await expect(api.text('/things/t1/file')).resolves.toBe('a: 1\n');
    const response = await api.response('/things/t1/file');
    expect(response.headers.get('content-disposition')).toContain('a.yaml');
    expect(await (await response.blob()).text()).toBe('a: 1\n');
  });

  it("throws the server's error as a ResponseError, whatever is read", async () => {
    const { client: api } = setup(() =>
      json({ error: { name: 'NotFoundError', message: 'no thing t9' } }, 404),
    );
    for (const read of [
      () => api.json('/things/t9'),
      () => api.text('/things/t9'),
      () => api.response('/things/t9'),
      () => api.noContent('/things/t9', { method: 'DELETE' }),
    ]) {
      await expectApiError(read(), 404, 'no thing t9');
    }
  });
});

describe('queryString', () => {
  it('is empty without values', () => {
    expect(queryString()).toBe('');
    expect(queryString({ a: undefined, b: '' })).toBe('');
  });

  it('keeps zero and false', () => {
    expect(queryString({ offset: 0, all: false })).toBe('?offset=0&all=false');
  });
});
