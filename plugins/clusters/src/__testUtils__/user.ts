import { screen } from '@testing-library/react';
import { choose, userEvent } from '@opssight/plugin-api-react/testing';

/** Writes `script` in the run form, logs in with the deploy key and runs. */
export async function runScript(script: string) {
  await userEvent.type(screen.getByRole('textbox', { name: 'Script' }), script);
  await choose('Log in with', 'deploy key · SSH key · deploy');
  await userEvent.click(screen.getByRole('button', { name: 'Run' }));
}
