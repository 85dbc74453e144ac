import { render, screen } from '@testing-library/react';
import { JOB_STATUSES } from '@opssight/plugin-jobs-common';
import { JobStatusChip, TargetStatusChip } from './JobStatusChip';

describe('JobStatusChip', () => {
  it('names every status, in its colour', () => {
    for (const status of JOB_STATUSES) {
      const { unmount } = render(<JobStatusChip status={status} />);
      const chip = screen.getByTestId('job-status');
      expect(chip).toHaveAttribute('data-status', status);
      unmount();
    }
    render(<JobStatusChip status="timed_out" />);
    expect(screen.getByTestId('job-status')).toHaveTextContent('Timed out');
  });

  it('says "Cancelling…" for a live job someone asked to stop, not for a final one', () => {
    const { rerender } = render(
      <JobStatusChip status="running" cancelRequested />,
    );
    expect(screen.getByTestId('job-status')).toHaveTextContent('Cancelling…');
    rerender(<JobStatusChip status="cancelled" cancelRequested />);
    expect(screen.getByTestId('job-status')).toHaveTextContent('Cancelled');
  });

  it('colours a failed job and a failed target alike', () => {
    render(
      <>
        <JobStatusChip status="failed" />
        <TargetStatusChip status="failed" />
      </>,
    );
    const job = getComputedStyle(screen.getByTestId('job-status'));
    const target = getComputedStyle(screen.getByTestId('target-status'));
    expect(job.backgroundColor).not.toBe('');
    expect(job.backgroundColor).toBe(target.backgroundColor);
  });
});
