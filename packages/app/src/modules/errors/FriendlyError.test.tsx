import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { toResponseError } from '@opssight/plugin-api-react';
import {
  expectText,
  jsonResponse,
  userEvent,
} from '@opssight/plugin-api-react/testing';
import { FriendlyError } from './FriendlyError';

function withStack(message: string) {
  const error = new Error(message);
  error.stack = `Error: ${message}\n    at renderWithHooks (react-dom.development.js:15486:18)`;
  return error;
}

describe('FriendlyError', () => {
  it('shows the message and a retry, never the stack', async () => {
    const resetError = jest.fn();
    await renderInTestApp(
      <FriendlyError
        error={withStack('Cannot read the list of clusters')}
        resetError={resetError}
        plugin={{ pluginId: 'clusters', title: 'Clusters' } as any}
      />,
    );
    expectText(screen.getByTestId('friendly-error'), {
      shows: [
        'This part of Clusters could not be shown',
        'Cannot read the list of clusters',
      ],
      hides: ['renderWithHooks', 'react-dom'],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(resetError).toHaveBeenCalled();
  });

  it('shows the server message of an API error, not its JSON body or stack', async () => {
    const error = await toResponseError(
      jsonResponse(
        {
          error: {
            name: 'Error',
            message: 'The scaffolder is not answering',
            stack: 'Error: x\n    at router.ts:1:1',
          },
          request: { method: 'GET', url: '/v2/templates' },
          response: { statusCode: 500 },
        },
        500,
      ),
    );
    await renderInTestApp(
      <FriendlyError error={error} resetError={() => {}} />,
    );
    const panel = screen.getByTestId('friendly-error');
    expect(panel).toHaveTextContent('The scaffolder is not answering');
    expectText(panel, { shows: [], hides: ['{', 'router.ts', 'statusCode'] });
  });
});
