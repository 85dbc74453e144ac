import { render, screen } from '@testing-library/react';
import { JobProgressBar } from './JobProgressBar';

describe('JobProgressBar', () => {
  it('shows done / total with the failures in red', () => {
    render(
      <JobProgressBar
        status="running"
        progress={{ total: 50, done: 12, failed: 2 }}
      />,
    );
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
    render(
      <JobProgressBar
        status="succeeded"
        progress={{ total: 3, done: 3, failed: 0 }}
      />,
    );
    expect(screen.getByText('3 / 3 done')).toBeInTheDocument();
  });

  it('moves without a value while the job is queued', () => {
    render(
      <JobProgressBar
        status="queued"
        progress={{ total: 0, done: 0, failed: 0 }}
      />,
    );
    expect(screen.getByText('Queued')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Queued' });
    expect(bar).not.toHaveAttribute('aria-valuenow');
  });
});
