import { render, screen } from '@testing-library/react';
import type { JobStatus } from '@opssight/plugin-jobs-common';
import { JobProgressBar } from './JobProgressBar';

const renderBar = (
  status: JobStatus,
  [done, failed, total]: [number, number, number],
) =>
  render(<JobProgressBar status={status} progress={{ total, done, failed }} />);

describe('JobProgressBar', () => {
  it('shows done / total with the failures in red', () => {
    renderBar('running', [12, 2, 50]);
    expect(screen.getByText('12 / 50 done · 2 failed')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Job progress' });
    expect(bar).toHaveAttribute('aria-valuenow', '12');
    expect(bar).toHaveAttribute('aria-valuemax', '50');
    expect(screen.getByTestId('job-progress-succeeded')).toHaveStyle({
      width: '20%',
    });
    expect(screen.getByTestId('job-progress-failed')).toHaveStyle({
      width: '4%',
    });
  });

  it('leaves failures out when there are none', () => {
    renderBar('succeeded', [3, 0, 3]);
    expect(screen.getByText('3 / 3 done')).toBeInTheDocument();
  });

  it('moves without a value while the job is queued', () => {
    renderBar('queued', [0, 0, 0]);
    expect(screen.getByText('Queued')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Queued' });
    expect(bar).not.toHaveAttribute('aria-valuenow');
  });
});
