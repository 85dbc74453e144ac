import { friendlyMessage } from './friendlyMessage';
import { toResponseError } from './errors';
import { apiError } from './testing';

describe('friendlyMessage', () => {
  it('keeps the first line of a message', () => {
    expect(friendlyMessage(new Error('first line\nsecond line'))).toBe(
      'first line',
    );
  });

  it('never passes on JSON or bare words of the API', () => {
    expect(friendlyMessage(new Error('{"error":{"message":"x"}}'))).toBe(
      'Something unexpected happened.',
    );
    expect(friendlyMessage(null)).toBe('Something unexpected happened.');
    expect(friendlyMessage({})).toBe('Something unexpected happened.');
  });

  it('leaves ids out', () => {
    expect(
      friendlyMessage(
        new Error(
          "Machine '3f2b8c1e-9a4d-4e1b-8c2a-1d2e3f4a5b6c' not found; ask an admin",
        ),
      ),
    ).toBe('Machine not found; ask an admin');
    expect(
      friendlyMessage(new Error('3f2b8c1e-9a4d-4e1b-8c2a-1d2e3f4a5b6c')),
    ).toBe('Something unexpected happened.');
  });

  it('says what an answer without a message means, not how HTTP put it', async () => {
    const badGateway = await toResponseError(
      new Response('<html>Bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );
    expect(friendlyMessage(badGateway)).toBe(
      'The portal could not answer just now. Try again in a moment.',
    );
    expect(friendlyMessage(new TypeError('Failed to fetch'))).toBe(
      'The portal could not be reached. Check your connection and try again.',
    );
  });

  it('keeps the server message of an API error', async () => {
    const error = await apiError(
      409,
      'ConflictError',
      "ip: already used by 'web-1'",
    );
    expect(friendlyMessage(error)).toBe("ip: already used by 'web-1'");
  });
});
