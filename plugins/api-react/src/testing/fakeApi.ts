/**
 * A maker of test records: `defaults`, with the fields given instead.
 *
 * @public
 */
export function maker<T extends object>(defaults: T) {
  return (overrides: Partial<T> = {}): T => ({ ...defaults, ...overrides });
}

/**
 * A maker of fake APIs: every method a jest mock that runs the one
 * `defaults()` gives (harmless answers), or the override given for it.
 * `defaults` runs once per fake, so state it keeps is the fake's own.
 *
 * @public
 */
export function fakeApi<TApi extends object>(defaults: () => TApi) {
  return (overrides: Partial<TApi> = {}): jest.Mocked<TApi> => {
    const impl: object = { ...defaults(), ...overrides };
    return Object.fromEntries(
      Object.entries(impl).map(([name, method]) => [name, jest.fn(method)]),
    ) as unknown as jest.Mocked<TApi>;
  };
}

/**
 * The instant `hours` hours ago, as the APIs give times (ISO 8601).
 *
 * @public
 */
export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3600_000).toISOString();
}
