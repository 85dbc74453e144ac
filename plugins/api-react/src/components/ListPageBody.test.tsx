import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { expectText, userEvent } from '../testing';
import { ListPageBody, NoMatches } from './ListPageBody';

function body(list: { value?: unknown; loading: boolean; error?: unknown }) {
  const onRetry = jest.fn();
  return {
    onRetry,
    element: (
      <ListPageBody
        noun="machines"
        list={list}
        onRetry={onRetry}
        isEmpty={Array.isArray(list.value) && list.value.length === 0}
        empty={<div>No machines yet</div>}
      >
        <div>the table</div>
      </ListPageBody>
    ),
  };
}

describe('ListPageBody', () => {
  it('shows a progress until the first answer', async () => {
    await renderInTestApp(body({ loading: true }).element);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByText('the table')).not.toBeInTheDocument();
  });

  it('says why the first answer failed, in words for people, with Retry', async () => {
    const { element, onRetry } = body({
      loading: false,
      error: new Error(
        "machine '3f2b8c1e-9a4d-4e1b-8c2a-1d2e3f4a5b6c' is gone\n    at router.ts:1:1",
      ),
    });
    await renderInTestApp(element);
    expect(screen.getByText('Could not load machines')).toBeInTheDocument();
    expectText(screen.getByRole('alert'), {
      shows: ['machine is gone'],
      hides: ['3f2b8c1e', 'router.ts'],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('shows the empty state when there is nothing at all', async () => {
    await renderInTestApp(body({ loading: false, value: [] }).element);
    expect(screen.getByText('No machines yet')).toBeInTheDocument();
    expect(screen.queryByText('the table')).not.toBeInTheDocument();
  });

  it('keeps the last answer on screen while loading again, and above it a later error', async () => {
    await renderInTestApp(
      body({ loading: true, value: [1], error: new Error('timed out') })
        .element,
    );
    expect(screen.getByText('the table')).toBeInTheDocument();
    expect(screen.getByLabelText('Loading machines')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('timed out');
  });
});

describe('NoMatches', () => {
  it('offers to clear the filters', async () => {
    const onClear = jest.fn();
    await renderInTestApp(
      <NoMatches onClear={onClear}>No machines match these filters.</NoMatches>,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(onClear).toHaveBeenCalled();
  });
});
