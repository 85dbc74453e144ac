import { captureDownloadsOfEachTest } from '@opssight/plugin-api-react/testing';
import { CAST_CONTENT_TYPE, castFileName, saveCast } from './castFile';

const recording = {
  machineHostname: 'web-1',
  startedAt: '2026-03-01T10:00:00.000Z',
};

describe('cast files', () => {
  it('names the file after the machine and the start, without colons', () => {
    expect(castFileName(recording)).toBe('web-1-2026-03-01T10-00-00.000Z.cast');
  });

  describe('saveCast', () => {
    const downloads = captureDownloadsOfEachTest();

    it('hands the text to the browser as an asciicast download', async () => {
      const text = '{"version":2}\n[0.1,"o","hi"]\n';

      saveCast(recording, text);

      expect(downloads().click).toHaveBeenCalledTimes(1);
      const clicked = downloads().click.mock.contexts as HTMLAnchorElement[];
      expect(clicked[0].download).toBe('web-1-2026-03-01T10-00-00.000Z.cast');
      expect(clicked[0].href).toBe('blob:download');
      // The anchor was only there for the click.
      expect(clicked[0].isConnected).toBe(false);

      const blob = downloads().createObjectURL.mock.calls[0][0];
      expect(blob.type).toBe(CAST_CONTENT_TYPE);
      expect(await new Response(blob).text()).toBe(text);

      expect(downloads().revokeObjectURL).not.toHaveBeenCalled();
      jest.runAllTimers();
      expect(downloads().revokeObjectURL).toHaveBeenCalledWith('blob:download');
    });
  });
});
