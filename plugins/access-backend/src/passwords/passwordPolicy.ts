import { verifyPasswordHash } from './passwordHash';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * Passwords that ship as defaults or top every leaked-password list. Compared
 * case-insensitively, and also with trailing digits and symbols removed, so
 * `Password2024!` counts as `password`.
 */
const KNOWN_DEFAULTS = new Set([
  'admin',
  'administrator',
  'password',
  'passw0rd',
  'changeme',
  'changeit',
  'opssight',
  'backstage',
  'default',
  'secret',
  'letmein',
  'welcome',
  'qwerty',
  'qwertyuiop',
  'root',
  'toor',
  'iloveyou',
  '123456789012',
  '1234567890',
]);

/** 1234567890…, 9876543210…: digits counting up or down, wrapping at 9. */
function isDigitRun(text: string): boolean {
  if (!/^\d+$/.test(text)) {
    return false;
  }
  const steps = new Set(
    [...text].slice(1).map((c, i) => (Number(c) - Number(text[i]) + 10) % 10),
  );
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

function isKnownDefault(password: string): boolean {
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  return (
    KNOWN_DEFAULTS.has(lower) ||
    KNOWN_DEFAULTS.has(stem) ||
    isDigitRun(lower) ||
    /^(.)\1*$/su.test(lower)
  );
}

/**
 * The password policy, in one place: what is wrong with `password` for the
 * account `username`, one message per problem naming it (empty when none).
 * `previousHashes` are the account's current and previous password hashes:
 * a change must pick something new.
 */
export async function passwordPolicyProblems(
  password: string,
  options: { username: string; previousHashes?: Array<string | null> },
): Promise<string[]> {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  }
  const lower = password.toLowerCase();
  const username = options.username.toLowerCase();
  if (username && lower === username) {
    problems.push('must not be the username');
  } else if (username.length >= 3 && lower.includes(username)) {
    // Shorter usernames would rule out too many good passwords ('al' in 'always').
    problems.push('must not contain the username');
  }
  if (isKnownDefault(password)) {
    problems.push('is a well-known default or common password');
  }
  if (problems.length === 0 && password.length <= PASSWORD_MAX_LENGTH) {
    for (const hash of options.previousHashes ?? []) {
      if (hash && (await verifyPasswordHash(password, hash))) {
        problems.push('must differ from the current and previous password');
        break;
      }
    }
  }
  return problems;
}
