import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { makeJobLogChunk, makeJobTarget } from '../../testing/makeJob';
import { giveElementsASize } from '../../testing/layout';
import { JobLogView } from './JobLogView';

giveElementsASize();

const targets = [
  makeJobTarget({ key: 'm1', label: 'node-1' }),
  makeJobTarget({ key: 'm2', label: 'node-2' }),
];

describe('JobLogView', () => {
  it('shows the log with its ANSI colours and each line’s target', async () => {
    const chunks = [
      makeJobLogChunk(1, 'plain \x1b[32mgreen\x1b[0m done\n', { target: 'm1' }),
      makeJobLogChunk(2, '\x1b[1;31mfatal\x1b[0m: disk full\n', {
        target: 'm2',
        stream: 'stderr',
      }),
    ];
    const { rerender } = await renderInTestApp(
      <JobLogView chunks={chunks} targets={targets} />,
    );

    const green = await screen.findByText('green');
    expect(green.className).toMatch(/modifierForegroundGreen/);
    expect(screen.getByText('done').className).not.toMatch(
      /modifierForeground/,
    );
    const fatal = screen.getByText('fatal');
    expect(fatal.className).toMatch(/modifierForegroundRed/);
    expect(fatal.className).toMatch(/modifierBold/);
    expect(screen.getByText(': disk full').className).not.toMatch(
      /modifierForeground|modifierBold/,
    );
    expect(screen.getByText('[node-1]')).toBeInTheDocument();
    expect(screen.getByText('[node-2]').className).toMatch(
      /modifierForegroundRed/,
    );

    // More output arrives: it is appended.
    rerender(
      <JobLogView
        chunks={[...chunks, makeJobLogChunk(3, 'back up\n', { target: 'm1' })]}
        targets={targets}
      />,
    );
    expect(await screen.findByText('back up')).toBeInTheDocument();
    expect(screen.getByText('green')).toBeInTheDocument();
  });

  it('says so when there is no output yet', async () => {
    await renderInTestApp(<JobLogView chunks={[]} targets={targets} />);
    expect(screen.getByText('No output yet.')).toBeInTheDocument();
  });
});
