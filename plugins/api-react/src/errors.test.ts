import { errorMessage, errorStatus, toResponseError } from './errors';

describe('API errors', () => {
  it('carries the server message of an OpsSight error body', async () => {
    const error = await toResponseError(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: "ip: '1' is not valid" },
        }),
        {
          status: 400,
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    expect(errorStatus(error)).toBe(400);
    expect(errorMessage(error)).toBe("ip: '1' is not valid");
  });

  it('copes with bodies that are not JSON', async () => {
    const error = await toResponseError(
      new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }),
    );
    expect(errorStatus(error)).toBe(502);
    expect(errorMessage(error)).toMatch(/502|Bad Gateway/);
  });

  it('shows plain errors and other values', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('x')).toBe('x');
    expect(errorStatus(new Error('boom'))).toBeUndefined();
  });
});
