import { SecretMasker } from './SecretMasker';

const R = SecretMasker.REPLACEMENT;

describe('SecretMasker', () => {
  it('masks every occurrence, the longest secret first, and each line of a multi-line one', () => {
    const masker = new SecretMasker([
      'hunter2!',
      'hunter2!-and-more',
      '-----BEGIN KEY-----\nAAAAbbbbCCCC\n-----END KEY-----',
      undefined,
      '',
    ]);
    expect(masker.mask('a hunter2! b hunter2!-and-more c')).toBe(
      `a ${R} b ${R} c`,
    );
    expect(masker.mask('line AAAAbbbbCCCC seen')).toBe(`line ${R} seen`);
  });

  it('leaves values shorter than the minimum alone', () => {
    expect(new SecretMasker(['ab', 'x']).mask('a b ab x')).toBe('a b ab x');
  });

  it('treats secrets as text, not as patterns', () => {
    expect(new SecretMasker(['a.*b(c']).mask('aXXb(c a.*b(c')).toBe(
      `aXXb(c ${R}`,
    );
  });

  it.each([1, 2, 3, 5, 7])(
    'masks a secret split across chunks of %i characters, emitting everything else',
    size => {
      const masker = new SecretMasker(['s3cr3t-value', 'tok1']);
      const text =
        'start s3cr3t-value middle tok1 s3cr3t-valu almost tok1tok1 end s3cr3t-value';
      const stream = masker.stream();
      let out = '';
      for (let i = 0; i < text.length; i += size) {
        out += stream.push(text.slice(i, i + size));
      }
      out += stream.end();
      expect(out).toBe(masker.mask(text));
      expect(out).toBe(
        `start ${R} middle ${R} s3cr3t-valu almost ${R}${R} end ${R}`,
      );
    },
  );

  it('holds back only an end that could start a secret, so live output is not delayed', () => {
    const stream = new SecretMasker(['abcdef']).stream();
    expect(stream.push('0123456789')).toBe('0123456789');
    expect(stream.push('xx abc')).toBe('xx ');
    expect(stream.push('dez')).toBe('abcdez');
    expect(stream.push('ab')).toBe('');
    expect(stream.end()).toBe('ab');
    expect(new SecretMasker([]).stream().push('all of it')).toBe('all of it');
  });

  it('waits for a longer secret that starts with a shorter one', () => {
    const stream = new SecretMasker(['abcd', 'abcdefgh']).stream();
    let out = stream.push('xx abcdef');
    out += stream.push('gh yy abcd');
    out += stream.push(' zz');
    out += stream.end();
    expect(out).toBe(`xx ${R} yy ${R} zz`);
  });
});
