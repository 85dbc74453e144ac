import { saveFile } from './saveFile';
import { captureDownloadsOfEachTest } from './testing';

describe('saveFile', () => {
  const downloads = captureDownloadsOfEachTest();

  it('hands text to the browser as a download of the given name and type', async () => {
    saveFile('hosts.yaml', 'all: {}\n', 'application/yaml');

    expect(downloads().click).toHaveBeenCalledTimes(1);
    const anchor = downloads().click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('hosts.yaml');
    expect(anchor.href).toBe('blob:download');
    // The anchor was only there for the click.
    expect(anchor.isConnected).toBe(false);

    const blob = downloads().createObjectURL.mock.calls[0][0];
    expect(blob.type).toBe('application/yaml');
    expect(await new Response(blob).text()).toBe('all: {}\n');

    expect(downloads().revokeObjectURL).not.toHaveBeenCalled();
    jest.runAllTimers();
    expect(downloads().revokeObjectURL).toHaveBeenCalledWith('blob:download');
  });

  it('saves text as plain text by default', () => {
    saveFile('notes.txt', 'hi');
    expect(downloads().createObjectURL.mock.calls[0][0].type).toBe(
      'text/plain',
    );
  });

  it('saves a Blob as it is', () => {
    const blob = new Blob(['{"seq":1}\n'], { type: 'application/x-ndjson' });
    saveFile('audit.jsonl', blob);
    expect(downloads().createObjectURL).toHaveBeenCalledWith(blob);
    expect(
      (downloads().click.mock.contexts[0] as HTMLAnchorElement).download,
    ).toBe('audit.jsonl');
  });

  it('revokes the URL even when the click fails', () => {
    downloads().click.mockImplementation(() => {
      throw new Error('blocked');
    });
    expect(() => saveFile('a.txt', 'a')).toThrow('blocked');
    jest.runAllTimers();
    expect(downloads().revokeObjectURL).toHaveBeenCalledWith('blob:download');
  });
});
