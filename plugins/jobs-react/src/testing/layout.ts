/**
 * jsdom lays nothing out, so the LogViewer's AutoSizer measures 0 × 0 and
 * renders no lines. Call in a test file to give every element a size.
 */
export function giveElementsASize(width = 1000, height = 600) {
  let spy: jest.SpyInstance;
  beforeEach(() => {
    spy = jest
      .spyOn(HTMLElement.prototype, 'getBoundingClientRect')
      .mockReturnValue({
        width,
        height,
        top: 0,
        left: 0,
        right: width,
        bottom: height,
        x: 0,
        y: 0,
        toJSON: () => ({}),
      });
  });
  afterEach(() => spy.mockRestore());
}
