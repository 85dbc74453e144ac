import { serveForTest } from '@opssight/plugin-testing-node';
import { z } from 'zod';
import { parseInput, readJsonBody } from './http';

const snippetSchema = z.strictObject({
  name: z.string().min(1, 'is required'),
  script: z.string(),
});

/** A router as the plugins write them: the shared body reader, then parseInput. */
async function startRouter() {
  const stored: unknown[] = [];
  const served = await serveForTest(app =>
    app.post('/snippets', async (req, res, next) => {
      try {
        const body = await readJsonBody(req, res, { limitKb: 16 });
        const snippet = parseInput(snippetSchema, body, 'snippet');
        stored.push(snippet);
        res.status(201).json(snippet);
      } catch (error) {
        next(error);
      }
    }),
  );
  return {
    stored,
    post: (body: string) =>
      fetch(`${served.url}/snippets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    close: served.close,
  };
}

describe('parseInput through a router', () => {
  let router: Awaited<ReturnType<typeof startRouter>>;
  beforeAll(async () => {
    router = await startRouter();
  });
  afterAll(() => router.close());

  it('answers a lone surrogate with a 400 naming the field, and stores nothing', async () => {
    // What a browser sends for a name typed as "\ud800x": JSON.stringify escapes the lone half.
    const body = JSON.stringify({ name: '\ud800x', script: 'uptime' });
    expect(body).toContain('\\ud800x');
    const response = await router.post(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual({
      name: 'InputError',
      message: 'Invalid snippet: name: contains malformed Unicode',
    });
    const nul = await router.post(
      JSON.stringify({ name: 'ok', script: 'a\u0000b' }),
    );
    expect(nul.status).toBe(400);
    expect((await nul.json()).error.message).toBe(
      'Invalid snippet: script: contains a NUL character',
    );
    expect(router.stored).toEqual([]);
  });

  it('keeps emoji and other non-BMP text as sent', async () => {
    const response = await router.post(
      JSON.stringify({ name: 'deploy 🚀', script: 'echo 𝔘' }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      name: 'deploy 🚀',
      script: 'echo 𝔘',
    });
  });

  it('still names the schema problems of well-formed text', () => {
    expect(() => parseInput(snippetSchema, { name: '' }, 'snippet')).toThrow(
      'Invalid snippet: name: is required; script: ',
    );
  });
});
