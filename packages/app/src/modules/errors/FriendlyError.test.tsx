import { screen } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { toResponseError } from '@opssight/plugin-api-react';
import { FriendlyError } from './FriendlyError';

const userEvent = userEventLib.setup({ delay: null });

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
    const panel = screen.getByTestId('friendly-error');
    expect(panel).toHaveTextContent('This part of Clusters could not be shown');
    expect(panel).toHaveTextContent('Cannot read the list of clusters');
    expect(panel).not.toHaveTextContent('renderWithHooks');
    expect(panel).not.toHaveTextContent('react-dom');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(resetError).toHaveBeenCalled();
  });

  it('shows the server message of an API error, not its JSON body or stack', async () => {
    const error = await toResponseError(
      new Response(
        JSON.stringify({
          error: {
            name: 'Error',
            message: 'The scaffolder is not answering',
            stack: 'Error: x\n    at router.ts:1:1',
          },
          request: { method: 'GET', url: '/v2/templates' },
          response: { statusCode: 500 },
        }),
        { status: 500, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderInTestApp(
      <FriendlyError error={error} resetError={() => {}} />,
    );
    const panel = screen.getByTestId('friendly-error');
    expect(panel).toHaveTextContent('The scaffolder is not answering');
    expect(panel).not.toHaveTextContent('{');
    expect(panel).not.toHaveTextContent('router.ts');
    expect(panel).not.toHaveTextContent('statusCode');
  });
});
