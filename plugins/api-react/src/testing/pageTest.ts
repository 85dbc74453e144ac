import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { apiError } from './fakeBackend';

type Name = string | RegExp;
/** A jest mock, or a method of a `jest.Mocked` API. */
type AnyMock = jest.MockInstance<any, any[]>;
type Queries = Pick<typeof screen, 'findByRole' | 'queryByRole'>;

/**
 * user-event as page tests drive it: no delay between keystrokes.
 *
 * @public
 */
export const userEvent = userEventLib.setup({ delay: null });

/**
 * A fake API method that fails as the backend does: it throws the
 * `ResponseError` of an error answer with `status`, `name` and `message`.
 *
 * @public
 */
export function failingWith(status: number, name: string, message: string) {
  return jest.fn(async (..._args: any[]): Promise<never> => {
    throw await apiError(status, name, message);
  });
}

/**
 * Waits until `mock` was last called with `args`: the query a page sends once
 * its filters, paging or debounce settle. It waits up to 5 s, not
 * testing-library's 1 s: a debounced field on a loaded machine may take
 * longer than that.
 *
 * @public
 */
export async function waitForLastCall(mock: AnyMock, ...args: unknown[]) {
  await waitFor(() => expect(mock).toHaveBeenLastCalledWith(...args), {
    timeout: 5_000,
  });
}

/**
 * Clicks the button `buttonName` (in `container`, anywhere unless said) and
 * gives the queries of the dialog it opens, named `dialogName` (the button's
 * name unless said).
 *
 * @public
 */
export async function openDialog(
  buttonName: Name,
  dialogName: Name = buttonName,
  container: Queries = screen,
) {
  await userEvent.click(
    await container.findByRole('button', { name: buttonName }),
  );
  return within(await screen.findByRole('dialog', { name: dialogName }));
}

/**
 * The paging of a list page of 25 rows: it has asked `mock` for the first
 * page, and after "next page", asks for the second.
 *
 * @public
 */
export async function expectPagesOf25(mock: AnyMock) {
  expect(mock).toHaveBeenLastCalledWith({ limit: 25, offset: 0 });
  await userEvent.click(screen.getByRole('button', { name: /next page/i }));
  await waitForLastCall(mock, { limit: 25, offset: 25 });
}

/**
 * Waits until the button `name` (in `container`, anywhere unless said) may be
 * clicked, and clicks it.
 *
 * @public
 */
export async function clickWhenEnabled(
  name: Name,
  container: Pick<typeof screen, 'getByRole'> = screen,
) {
  await waitFor(() =>
    expect(container.getByRole('button', { name })).toBeEnabled(),
  );
  await userEvent.click(container.getByRole('button', { name }));
}

/**
 * Clicks the button `buttonName` (Save unless said) and waits until `mock` is
 * called; gives the arguments of its first call.
 *
 * @public
 */
export async function submit(mock: AnyMock, buttonName: Name = 'Save') {
  await userEvent.click(
    await screen.findByRole('button', { name: buttonName }),
  );
  await waitFor(() => expect(mock).toHaveBeenCalled());
  return mock.mock.calls[0];
}

/**
 * Expects none of the buttons named in `container` (the whole screen unless
 * said); without names, no button at all: what a role may not use is not
 * offered.
 *
 * @public
 */
export function expectNoButtons(
  names: Name[] = [],
  container: Queries = screen,
) {
  if (names.length === 0) {
    expect(container.queryByRole('button')).not.toBeInTheDocument();
  }
  for (const name of names) {
    expect(container.queryByRole('button', { name })).not.toBeInTheDocument();
  }
}

/**
 * Fills the From and To fields of a date range (the kit's DateRangeFields)
 * with the bounds given, as `datetime-local` values.
 *
 * @public
 */
export function setDateRange({ from, to }: { from?: string; to?: string }) {
  for (const [label, value] of [
    ['From', from],
    ['To', to],
  ] as const) {
    if (value !== undefined) {
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    }
  }
}

/**
 * Expects `element` to show each text of `shows` and none of `hides`: what a
 * user must read, and what must not reach them (stacks, ids, JSON).
 *
 * @public
 */
export function expectText(
  element: HTMLElement,
  { shows, hides }: { shows: string[]; hides: string[] },
) {
  for (const text of shows) expect(element).toHaveTextContent(text);
  for (const text of hides) expect(element).not.toHaveTextContent(text);
}

/**
 * Catches the downloads a page starts (an object URL clicked as a link):
 * `downloaded()` waits for one and gives its file name, address
 * (`blob:download`) and content. `restore()` puts the browser's own object
 * URLs and link clicks back.
 *
 * @public
 */
export function captureDownloads() {
  const original = {
    createObjectURL: URL.createObjectURL,
    revokeObjectURL: URL.revokeObjectURL,
  };
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:download');
  const revokeObjectURL = jest.fn();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(() => {});
  return {
    createObjectURL,
    revokeObjectURL,
    click,
    async downloaded() {
      await waitFor(() => expect(click).toHaveBeenCalled());
      const link = click.mock.contexts[0] as HTMLAnchorElement;
      return {
        filename: link.download,
        href: link.href,
        blob: createObjectURL.mock.calls[0][0],
      };
    },
    restore: () => {
      click.mockRestore();
      Object.assign(URL, original);
    },
  };
}

/**
 * `captureDownloads` around each test of the enclosing `describe`, with fake
 * timers (the object URL is revoked on one); gives the current test's
 * capture.
 *
 * @public
 */
export function captureDownloadsOfEachTest() {
  let current: ReturnType<typeof captureDownloads>;
  globalThis.beforeEach(() => {
    jest.useFakeTimers();
    current = captureDownloads();
  });
  globalThis.afterEach(() => {
    current.restore();
    jest.useRealTimers();
  });
  return () => current;
}

/**
 * Expects each of `texts` as an element's whole text in `container`: the
 * cells of a row, say.
 *
 * @public
 */
export function expectEachText(
  container: Pick<typeof screen, 'getByText'>,
  texts: string[],
) {
  for (const text of texts) {
    expect(container.getByText(text)).toBeInTheDocument();
  }
}
