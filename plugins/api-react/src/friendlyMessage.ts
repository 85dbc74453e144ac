import { errorMessage, errorStatus } from './errors';

const UNEXPECTED = 'Something unexpected happened.';

/** An id (with the quotes or brackets around it) means nothing to a reader. */
const UUID =
  /\s*['"`(<[]?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b['"`)>\]]?/gi;

/**
 * The message a user may see of an error: the server's own message for API
 * errors, the first line otherwise; never a stack, a JSON body, an id, or the
 * wording of the HTTP layer (`Request failed with status 502 …`, `Failed to
 * fetch`), which say nothing to someone using the portal.
 *
 * @public
 */
export function friendlyMessage(error: unknown): string {
  const raw = errorMessage(error).trim();
  const firstLine = raw.split('\n')[0].trim();
  if (
    /^(?:TypeError: )?(Failed to fetch|NetworkError|Load failed)\b/i.test(
      firstLine,
    )
  ) {
    return 'The portal could not be reached. Check your connection and try again.';
  }
  if (/^Request failed with status \d+/.test(firstLine)) {
    const status = errorStatus(error) ?? 0;
    if (status === 401) return 'Your session has ended. Sign in again.';
    if (status === 403) return 'Your role may not do this.';
    if (status === 404) return 'It is not there (any more).';
    return 'The portal could not answer just now. Try again in a moment.';
  }
  // Messages that are themselves serialised bodies or bare words of the API.
  if (
    !firstLine ||
    firstLine.startsWith('{') ||
    firstLine.startsWith('[') ||
    /^(null|undefined|\[object Object\])$/.test(firstLine)
  ) {
    return UNEXPECTED;
  }
  const text = firstLine
    .replace(UUID, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([:;,.])/g, '$1')
    .trim();
  if (!text) return UNEXPECTED;
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}
