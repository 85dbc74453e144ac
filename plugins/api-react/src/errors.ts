import { ResponseError } from '@backstage/errors';

/**
 * The contract's error body is `{ error: { name, message } }`. ResponseError only
 * reads the server's error from bodies that also carry `response`; without it the
 * user would see raw JSON, so the missing part is added before parsing.
 */
export async function toResponseError(
  response: Response,
): Promise<ResponseError> {
  const text = await response.text().catch(() => '');
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const hasServerError = typeof body?.error?.message === 'string';
  return ResponseError.fromResponse(
    new Response(
      hasServerError
        ? JSON.stringify({
            ...body,
            response: body.response ?? { statusCode: response.status },
          })
        : text || null,
      {
        status: response.status,
        statusText: response.statusText,
        headers: {
          'content-type': hasServerError
            ? 'application/json'
            : response.headers.get('content-type') ?? 'text/plain',
        },
      },
    ),
  );
}

/** The message to show a user: for API errors, the server's own `error.message`. */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.cause.message || error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

/** HTTP status of an API error, if it was one. */
export function errorStatus(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}
