import { screen } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';

/** The user of the clusters UI tests, who types without delays. */
export const userEvent = userEventLib.setup({ delay: null });

/** Opens the select labelled `label` and picks `option` in it. */
export async function choose(label: string, option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

/** Replaces what `field` holds with `text`. */
export async function retype(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await userEvent.type(field, text);
}

/** Writes `script` in the run form, logs in with the deploy key and runs. */
export async function runScript(script: string) {
  await userEvent.type(screen.getByRole('textbox', { name: 'Script' }), script);
  await choose('Log in with', 'deploy key · SSH key · deploy');
  await userEvent.click(screen.getByRole('button', { name: 'Run' }));
}
