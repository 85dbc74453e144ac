import { render, screen } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { CancelJobButton, RerunFailedButton } from './JobActions';

const userEvent = userEventLib.setup({ delay: null });

describe('RerunFailedButton', () => {
  it('is enabled only for a final job with failed targets', () => {
    const { rerender } = render(
      <RerunFailedButton
        status="running"
        failedCount={2}
        onRerun={jest.fn()}
      />,
    );
    const button = () => screen.getByRole('button', { name: /Rerun failed/ });
    expect(button()).toBeDisabled();
    rerender(
      <RerunFailedButton
        status="succeeded"
        failedCount={0}
        onRerun={jest.fn()}
      />,
    );
    expect(button()).toBeDisabled();
    rerender(
      <RerunFailedButton status="failed" failedCount={3} onRerun={jest.fn()} />,
    );
    expect(button()).toBeEnabled();
    expect(button()).toHaveTextContent('Rerun failed (3)');
  });

  it('waits for the re-run to start', async () => {
    let started!: () => void;
    const onRerun = jest.fn(
      () =>
        new Promise<void>(resolve => {
          started = resolve;
        }),
    );
    render(
      <RerunFailedButton
        status="timed_out"
        failedCount={1}
        onRerun={onRerun}
      />,
    );
    const button = screen.getByRole('button', { name: 'Rerun failed (1)' });
    await userEvent.click(button);
    expect(onRerun).toHaveBeenCalledTimes(1);
    expect(button).toBeDisabled();
    started();
    await screen.findByRole('button', { name: 'Rerun failed (1)' });
    expect(button).toBeEnabled();
  });
});

describe('CancelJobButton', () => {
  it('is enabled while the job is live and nobody asked yet', async () => {
    const onCancel = jest.fn();
    const { rerender } = render(
      <CancelJobButton status="queued" onCancel={onCancel} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);

    rerender(
      <CancelJobButton status="running" cancelRequested onCancel={onCancel} />,
    );
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
    rerender(<CancelJobButton status="failed" onCancel={onCancel} />);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  });
});
