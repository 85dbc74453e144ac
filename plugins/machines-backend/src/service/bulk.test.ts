import { MAX_BULK_LINES, parseBulkText, reportRejects } from './bulk';

describe('parseBulkText', () => {
  it('reads CSV with a header, quotes and list columns', async () => {
    const { rows, rejected } = await parseBulkText(
      [
        'ip,hostname,application,groups,tags',
        '10.0.0.1,web-1,shop,web;prod,nginx|eu',
        '"10.0.0.2","web-2","shop, eu edition",web,',
        '',
        '# a comment',
        '10.0.0.3,db-1',
      ].join('\n'),
    );
    expect(rejected).toEqual([]);
    expect(
      rows.map(r => [
        r.line,
        r.input.ip,
        r.input.hostname,
        r.input.application,
        r.input.groups,
        r.input.tags,
      ]),
    ).toEqual([
      [2, '10.0.0.1', 'web-1', 'shop', ['web', 'prod'], ['nginx', 'eu']],
      [3, '10.0.0.2', 'web-2', 'shop, eu edition', ['web'], []],
      [6, '10.0.0.3', 'db-1', '', [], []],
    ]);
  });

  it('reads a pasted whitespace-separated list', async () => {
    const { rows, rejected } = await parseBulkText(
      '10.0.0.1   web-1\r\n::1\tlocal-v6 tools\n',
    );
    expect(rejected).toEqual([]);
    expect(
      rows.map(r => [r.input.ip, r.input.hostname, r.input.application]),
    ).toEqual([
      ['10.0.0.1', 'web-1', ''],
      ['::1', 'local-v6', 'tools'],
    ]);
  });

  it('reports each bad row with its line number and reason', async () => {
    const { rows, rejected } = await parseBulkText(
      [
        '10.0.0.1,web-1',
        '10.0.0.300,web-2',
        '10.0.0.3',
        '10.0.0.4,bad_name',
        '1,2,3,4,5,6',
      ].join('\n'),
    );
    expect(rows).toHaveLength(1);
    expect(rejected).toEqual([
      {
        line: 2,
        text: '10.0.0.300,web-2',
        reason: "ip: '10.0.0.300' is not a valid IPv4 or IPv6 address",
      },
      { line: 3, text: '10.0.0.3', reason: 'hostname: is required' },
      {
        line: 4,
        text: '10.0.0.4,bad_name',
        reason: expect.stringMatching(
          /^hostname: 'bad_name' is not a valid host name/,
        ),
      },
      {
        line: 5,
        text: '1,2,3,4,5,6',
        reason:
          'expected at most 5 columns (ip,hostname,application,groups,tags), got 6',
      },
    ]);
  });

  it('takes up to 5000 lines and refuses more, naming the text', async () => {
    const lines = Array.from(
      { length: MAX_BULK_LINES },
      (_, i) => `10.1.${i >> 8}.${i & 255},h${i}`,
    );
    const { rows, rejected } = await parseBulkText(lines.join('\n'));
    expect(rows).toHaveLength(MAX_BULK_LINES);
    expect(rejected).toEqual([]);
    await expect(
      parseBulkText([...lines, '10.9.9.9,one-more'].join('\n')),
    ).rejects.toThrow(/^text: has 5001 lines, more than the 5000/);
    await expect(parseBulkText('a'.repeat(1024 * 1024 + 1))).rejects.toThrow(
      /^text: is larger than 1 MiB/,
    );
  });

  it('reports the first 50 rejects in line order with a count, clipping long lines', () => {
    const rejected = Array.from({ length: 120 }, (_, i) => ({
      line: 120 - i,
      text: 'x'.repeat(1000),
      reason: 'ip: is required',
    }));
    const report = reportRejects(rejected);
    expect(report.rejectedCount).toBe(120);
    expect(report.rejected.map(r => r.line)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(report.rejected[0].text).toHaveLength(301);
  });
});
