import { screen, within } from '@testing-library/react';
import { userEvent } from './pageTest';

type Name = string | RegExp;

/**
 * Opens the select (combobox) named `label`, in `container` (anywhere unless
 * said), and picks `option`; the options open in a popover, so they are
 * looked for on the whole screen.
 *
 * @public
 */
export async function choose(
  label: Name,
  option: Name,
  container: Pick<typeof screen, 'findByRole'> = screen,
) {
  await userEvent.click(
    await container.findByRole('combobox', { name: label }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

/**
 * Replaces what `field` holds with `text`.
 *
 * @public
 */
export async function retype(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await userEvent.type(field, text);
}

/**
 * Expects each of the buttons named in `container` (the whole screen unless
 * said): what a role may use, or what a handler given makes, is offered.
 *
 * @public
 */
export function expectButtons(
  names: Name[],
  container: Pick<typeof screen, 'getByRole'> = screen,
) {
  for (const name of names) {
    expect(container.getByRole('button', { name })).toBeInTheDocument();
  }
}

/**
 * Expects each text in `container` (the whole screen unless said).
 *
 * @public
 */
export function expectTexts(
  texts: Name[],
  container: Pick<typeof screen, 'getByText'> = screen,
) {
  for (const text of texts) {
    expect(container.getByText(text)).toBeInTheDocument();
  }
}

/**
 * Expects each link named in `links` in `container` (the whole screen unless
 * said), leading to the address given for it.
 *
 * @public
 */
export function expectLinks(
  links: Record<string, string>,
  container: Pick<typeof screen, 'getByRole'> = screen,
) {
  for (const [name, href] of Object.entries(links)) {
    expect(container.getByRole('link', { name })).toHaveAttribute('href', href);
  }
}

/**
 * Opens the select `select`, expects its options to read `texts`, in order,
 * and gives them, to pick one.
 *
 * @public
 */
export async function expectOptions(select: HTMLElement, texts: string[]) {
  await userEvent.click(select);
  const options = within(screen.getByRole('listbox')).getAllByRole('option');
  expect(options.map(option => option.textContent)).toEqual(texts);
  return options;
}
