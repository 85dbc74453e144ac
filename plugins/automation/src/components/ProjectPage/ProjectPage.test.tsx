import { screen, within } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  apiError,
  expectNoButtons,
  userEvent,
  type TestRole,
} from '@opssight/plugin-api-react/testing';
import { renderAutomationRoute } from '../../__testUtils__/renderAutomationRoute';
import { fakeAutomationApi, PROJECT_ID } from '../../testing/fakeAutomationApi';
import { ProjectPage } from './ProjectPage';

function renderProject(role: TestRole, api = fakeAutomationApi()) {
  renderAutomationRoute(<ProjectPage />, {
    api,
    role,
    path: '/automation/projects/:id',
    at: `/automation/projects/${PROJECT_ID}`,
    apis: [mockApis.identity({ userEntityRef: 'user:default/operator' })],
  });
  return api;
}

describe('ProjectPage', () => {
  it('shows a viewer the files, the check and the versions, and no way to change them', async () => {
    const api = renderProject(
      'viewer',
      fakeAutomationApi({
        getLatestCheck: async () => ({
          jobId: 'j',
          status: 'failed',
          version: 2,
          commit: null,
          playbooks: ['site.yml'],
          problems: [
            {
              playbook: 'site.yml',
              file: 'roles/web/tasks/main.yml',
              line: 7,
              column: 3,
              message: 'conflicting action statements: copy, template',
            },
          ],
          error: null,
          createdAt: '2026-01-01T10:00:00.000Z',
          finishedAt: '2026-01-01T10:00:05.000Z',
        }),
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'web servers' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'site.yml' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('roles/web/tasks/main.yml:7'),
    ).toBeInTheDocument();
    expect((await screen.findAllByTestId('version-row')).length).toBe(2);
    expectNoButtons([
      'Save',
      'New file',
      'Edit',
      'Delete',
      'Restore',
      'Check now',
    ]);
    expect(api.getVersionFiles).toHaveBeenCalledWith(PROJECT_ID, 2);
  });

  it('shows the changes between two versions, coloured', async () => {
    const api = renderProject(
      'operator',
      fakeAutomationApi({
        diffVersions: async () => [
          {
            path: 'site.yml',
            status: 'modified',
            patch:
              '--- a/site.yml\n+++ b/site.yml\n@@ -1 +1 @@\n-  become: false\n+  become: true\n',
          },
        ],
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show changes' }),
    );
    const changes = await screen.findByRole('region', {
      name: 'Changes to site.yml',
    });
    expect(
      within(changes).getByText('+  become: true', {
        normalizer: text => text,
      }),
    ).toHaveAttribute('data-kind', 'added');
    expect(api.diffVersions).toHaveBeenCalledWith(PROJECT_ID, 1, 2);
  });

  it('restores an old version as a new one', async () => {
    const api = renderProject('admin');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restore' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Restore version 1?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Restore' }),
    );
    expect(api.restoreVersion).toHaveBeenCalledWith(
      PROJECT_ID,
      1,
      'Restore version 1',
    );
  });

  it('says someone saved in between when the save is refused as stale', async () => {
    const api = renderProject(
      'operator',
      fakeAutomationApi({
        saveVersion: async () => {
          throw await apiError(
            409,
            'ConflictError',
            'version 2 is not the latest',
          );
        },
      }),
    );
    // A new file is a change to save.
    await userEvent.click(
      await screen.findByRole('button', { name: 'New file' }),
    );
    const add = await screen.findByRole('dialog', { name: 'New file' });
    await userEvent.type(within(add).getByLabelText(/Path/), 'vars.yml');
    await userEvent.click(within(add).getByRole('button', { name: 'Add' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    const save = await screen.findByRole('dialog', {
      name: 'Save a new version',
    });
    await userEvent.type(within(save).getByLabelText(/What changed/), 'vars');
    await userEvent.click(within(save).getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(/Someone saved in between: reload/),
    ).toBeInTheDocument();
    expect(api.saveVersion).toHaveBeenCalledWith(PROJECT_ID, {
      baseVersion: 2,
      message: 'vars',
      files: [
        { path: 'site.yml', content: '- hosts: all\n  tasks: []\n' },
        { path: 'vars.yml', content: '' },
      ],
    });
  });
});
