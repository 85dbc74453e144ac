import { render, screen, within } from '@testing-library/react';
import { DiffView, diffLineKind } from './DiffView';

const patch = [
  'Index: site.yml',
  '===================================================================',
  '--- a/site.yml',
  '+++ b/site.yml',
  '@@ -1,3 +1,3 @@',
  ' - hosts: web',
  '-  become: false',
  '+  become: true',
  '   tasks: []',
  '',
].join('\n');

describe('DiffView', () => {
  it('shows each changed file with added lines green, removed lines red and hunks apart', () => {
    render(
      <DiffView
        changes={[
          { path: 'site.yml', status: 'modified', patch },
          {
            path: 'roles/web/tasks/main.yml',
            status: 'added',
            patch:
              '--- /dev/null\n+++ b/roles/web/tasks/main.yml\n@@ -0,0 +1 @@\n+- ping:\n',
          },
        ]}
      />,
    );
    const site = screen.getByRole('region', { name: 'Changes to site.yml' });
    expect(site).toHaveTextContent('modified');
    const line = (text: string) =>
      within(site).getByText(text, { exact: true, normalizer: s => s });
    expect(line('+  become: true')).toHaveAttribute('data-kind', 'added');
    expect(line('-  become: false')).toHaveAttribute('data-kind', 'removed');
    expect(line('@@ -1,3 +1,3 @@')).toHaveAttribute('data-kind', 'hunk');
    expect(line('   tasks: []')).toHaveAttribute('data-kind', 'context');
    expect(getComputedStyle(line('+  become: true')).backgroundColor).not.toBe(
      getComputedStyle(line('-  become: false')).backgroundColor,
    );
    // The patch's Index and ==== lines say nothing the header does not.
    expect(site).not.toHaveTextContent('Index:');
    expect(
      screen.getByRole('region', {
        name: 'Changes to roles/web/tasks/main.yml',
      }),
    ).toHaveTextContent('added');
  });

  it('says when two versions hold the same files', () => {
    render(<DiffView changes={[]} />);
    expect(
      screen.getByText('The two versions hold the same files.'),
    ).toBeInTheDocument();
  });

  it('tells the file headers from removed and added lines', () => {
    expect(diffLineKind('--- a/x')).toBe('header');
    expect(diffLineKind('+++ b/x')).toBe('header');
    expect(diffLineKind('-x')).toBe('removed');
    expect(diffLineKind('+x')).toBe('added');
  });
});
