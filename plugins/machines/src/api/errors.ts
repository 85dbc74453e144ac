import { ResponseError } from '@backstage/errors';

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
