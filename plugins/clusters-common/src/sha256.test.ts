import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256';

describe('sha256Hex', () => {
  it.each([
    ['empty', ''],
    ['short', 'abc'],
    ['55 bytes, the longest one block holds', 'x'.repeat(55)],
    ['56 bytes, padding spills into a second block', 'x'.repeat(56)],
    ['64 bytes', 'y'.repeat(64)],
    ['a script', '#!/bin/bash\nset -e\ndf -h /\necho "done"\n'],
    ['non-ASCII', 'echo "grüße 👋 — ok"\r\n'],
    ['long', 'uptime; '.repeat(20000)],
  ])('is the SHA-256 of the UTF-8 bytes: %s', (_, text) => {
    expect(sha256Hex(text)).toBe(
      createHash('sha256').update(text, 'utf8').digest('hex'),
    );
  });
});
