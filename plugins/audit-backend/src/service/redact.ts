import { JsonObject, JsonValue } from '@backstage/types';

/** Keys whose values never reach the trail or the log, at any depth. */
const SECRET_KEY =
  /password|passphrase|secret|token|private[-_]?key|api[-_]?key|authorization|cookie/i;

/** A copy of `value` without secret-named keys, at any depth (arrays included). */
export function withoutSecrets(value: JsonObject): JsonObject {
  return strip(value) as JsonObject;
}

function strip(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) {
    return value.map(item => strip(item) ?? null);
  }
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (!SECRET_KEY.test(key) && item !== undefined) {
        out[key] = strip(item) as JsonValue;
      }
    }
    return out;
  }
  return value;
}

/** The request URL without secret-named query parameters (`?token=…`). */
export function urlWithoutSecrets(originalUrl: string): string {
  const queryStart = originalUrl.indexOf('?');
  if (queryStart < 0) {
    return originalUrl;
  }
  const params = new URLSearchParams(originalUrl.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (SECRET_KEY.test(key)) {
      params.delete(key);
    }
  }
  const query = params.toString();
  return `${originalUrl.slice(0, queryStart)}${query ? `?${query}` : ''}`;
}
