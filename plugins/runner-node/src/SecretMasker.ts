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
  /** The longest secret: how much of a stream's end may still be the start of one. */
  private readonly holdBack: number;

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
    this.holdBack = sorted.length ? sorted[0].length - 1 : 0;
  }

  mask(text: string): string {
    return this.pattern
      ? text.replace(this.pattern, SecretMasker.REPLACEMENT)
      : text;
  }

  /**
   * A masker for text that arrives in chunks: `push` returns what is safe to
   * emit (holding back the end that could be the start of a secret split
   * across chunks), `end` returns the rest.
   */
  stream(): { push(chunk: string): string; end(): string } {
    let held = '';
    return {
      push: chunk => {
        const text = held + chunk;
        if (!this.pattern) return text;
        let cut = Math.max(0, text.length - this.holdBack);
        let emitted = '';
        let last = 0;
        for (const match of text.matchAll(this.pattern)) {
          const start = match.index ?? 0;
          if (start >= cut) break;
          emitted += text.slice(last, start) + SecretMasker.REPLACEMENT;
          last = start + match[0].length;
          cut = Math.max(cut, last);
        }
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
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
