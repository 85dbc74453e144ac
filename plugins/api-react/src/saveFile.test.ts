import { saveFile } from './saveFile';

describe('saveFile', () => {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:file');
  const revokeObjectURL = jest.fn();
  const original = {
    createObjectURL: URL.createObjectURL,
    revokeObjectURL: URL.revokeObjectURL,
  };
  let click: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    createObjectURL.mockClear();
    revokeObjectURL.mockClear();
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
    click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
  });

  afterEach(() => {
    click.mockRestore();
    jest.useRealTimers();
    URL.createObjectURL = original.createObjectURL;
    URL.revokeObjectURL = original.revokeObjectURL;
  });

  it('hands text to the browser as a download of the given name and type', async () => {
    saveFile('hosts.yaml', 'all: {}\n', 'application/yaml');

    expect(click).toHaveBeenCalledTimes(1);
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('hosts.yaml');
    expect(anchor.href).toBe('blob:file');
    // The anchor was only there for the click.
    expect(anchor.isConnected).toBe(false);

    const blob = createObjectURL.mock.calls[0][0];
    expect(blob.type).toBe('application/yaml');
    expect(await new Response(blob).text()).toBe('all: {}\n');

    expect(revokeObjectURL).not.toHaveBeenCalled();
    jest.runAllTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:file');
  });

  it('saves text as plain text by default', () => {
    saveFile('notes.txt', 'hi');
    expect(createObjectURL.mock.calls[0][0].type).toBe('text/plain');
  });

  it('saves a Blob as it is', () => {
    const blob = new Blob(['{"seq":1}\n'], { type: 'application/x-ndjson' });
    saveFile('audit.jsonl', blob);
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'audit.jsonl',
    );
  });

  it('revokes the URL even when the click fails', () => {
    click.mockImplementation(() => {
      throw new Error('blocked');
    });
    expect(() => saveFile('a.txt', 'a')).toThrow('blocked');
    jest.runAllTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:file');
  });
});
