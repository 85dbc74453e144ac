/**
 * Replaces known secret values (passwords, tokens, key passphrases, secret
 * survey answers) in a tool's output before it is stored or shown. A secret
 * with several lines (a private key) is also masked line by line. Values
 * shorter than `minLength` are not masked: masking "a" would make every log
 * unreadable while protecting nothing.
 *
 * @public
 */
export class SecretMasker {
  static readonly REPLACEMENT = '********';
  private readonly pattern: RegExp | undefined;
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined>, minLength = 4) {
    const values = new Set<string>();
    for (const secret of secrets) {
      if (!secret) continue;
      for (const value of [secret, ...secret.split(/\r?\n/)]) {
        const trimmed = value.trim();
        if (trimmed.length >= minLength) values.add(trimmed);
      }
    }
    // Longest first, so that a secret containing another is masked whole.
    const sorted = [...values].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length
      ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g')
      : undefined;
    this.secrets = sorted;
  }

  mask(text: string): string {
    return this.pattern
      ? text.replace(this.pattern, SecretMasker.REPLACEMENT)
      : text;
  }

  /**
   * A masker for text that arrives in chunks: `push` returns what is safe to
   * emit, holding back only an end that could be the start of a secret split
   * across chunks (so live output is not delayed), `end` returns the rest.
   */
  stream(): { push(chunk: string): string; end(): string } {
    let held = '';
    return {
      push: chunk => {
        const text = held + chunk;
        if (!this.pattern) return text;
        let emitted = '';
        let last = 0;
        let holdFrom: number | undefined;
        for (const match of text.matchAll(this.pattern)) {
          const start = match.index ?? 0;
          if (this.couldGrow(text.slice(start))) {
            holdFrom = start; // a longer secret may still match here
            break;
          }
          emitted += text.slice(last, start) + SecretMasker.REPLACEMENT;
          last = start + match[0].length;
        }
        const cut =
          holdFrom ??
          Math.max(last, text.length - this.pendingPrefix(text, last));
        held = text.slice(cut);
        return emitted + text.slice(last, cut);
      },
      end: () => {
        const rest = this.mask(held);
        held = '';
        return rest;
      },
    };
  }

  /** Whether `tail` (the end of the text so far) is the start of a longer secret. */
  private couldGrow(tail: string): boolean {
    return this.secrets.some(s => s.length > tail.length && s.startsWith(tail));
  }

  /**
   * The length of the longest end of `text` (after `from`) that is the start
   * of a secret, though not a whole one.
   */
  private pendingPrefix(text: string, from: number): number {
    let longest = 0;
    for (const secret of this.secrets) {
      const window = Math.max(from, text.length - secret.length + 1);
      for (
        let at = text.indexOf(secret[0], window);
        at >= 0 && text.length - at > longest;
        at = text.indexOf(secret[0], at + 1)
      ) {
        if (secret.startsWith(text.slice(at))) {
          longest = text.length - at;
          break;
        }
      }
    }
    return longest;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
