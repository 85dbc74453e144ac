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
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:cast');
    const revokeObjectURL = jest.fn();
    const original = {
      createObjectURL: URL.createObjectURL,
      revokeObjectURL: URL.revokeObjectURL,
    };

    beforeEach(() => {
      jest.useFakeTimers();
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
    });

    afterEach(() => {
      jest.useRealTimers();
      URL.createObjectURL = original.createObjectURL;
      URL.revokeObjectURL = original.revokeObjectURL;
    });

    it('hands the text to the browser as an asciicast download', async () => {
      const click = jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(() => {});
      const text = '{"version":2}\n[0.1,"o","hi"]\n';

      saveCast(recording, text);

      expect(click).toHaveBeenCalledTimes(1);
      const clicked = click.mock.contexts as HTMLAnchorElement[];
      expect(clicked[0].download).toBe('web-1-2026-03-01T10-00-00.000Z.cast');
      expect(clicked[0].href).toBe('blob:cast');
      // The anchor was only there for the click.
      expect(clicked[0].isConnected).toBe(false);

      const blob = createObjectURL.mock.calls[0][0];
      expect(blob.type).toBe(CAST_CONTENT_TYPE);
      expect(await new Response(blob).text()).toBe(text);

      expect(revokeObjectURL).not.toHaveBeenCalled();
      jest.runAllTimers();
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:cast');
      click.mockRestore();
    });
  });
});
