import { screen, within } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  expectNoButtons,
  userEvent,
  type TestRole,
} from '@opssight/plugin-api-react/testing';
import { renderAutomationRoute } from '../../__testUtils__/renderAutomationRoute';
import {
  fakeAutomationApi,
  makeTemplate,
  RUN_ID,
} from '../../testing/fakeAutomationApi';
import { AutomationPage } from './AutomationPage';

const operator = mockApis.identity({ userEntityRef: 'user:default/operator' });

function renderTab(
  tab: string,
  role: TestRole,
  api = fakeAutomationApi(),
  landing?: string,
) {
  renderAutomationRoute(<AutomationPage />, {
    api,
    role,
    at: `/automation/${tab}`,
    apis: [operator],
    landing,
  });
  return api;
}

describe('AutomationPage', () => {
  it('shows the recent runs with their status, linked to their page, and the schedules due next', async () => {
    renderTab('', 'viewer');
    const row = await screen.findByTestId('run-row');
    expect(within(row).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'deploy web' }),
    ).toHaveAttribute('href', `/automation/runs/${RUN_ID}`);
    expect(screen.getByText('nightly deploy')).toBeInTheDocument();
    expect(screen.getByTestId('count-failed')).toHaveTextContent('1Failed');
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it.each([
    [
      'admin',
      [
        'Add template',
        'Run deploy web',
        'Edit deploy web',
        'Delete deploy web',
      ],
      [],
    ],
    [
      'operator',
      ['Add template', 'Run deploy web', 'Edit deploy web'],
      ['Delete deploy web'],
    ],
    [
      'viewer',
      [],
      [
        'Add template',
        'Run deploy web',
        'Edit deploy web',
        'Delete deploy web',
      ],
    ],
  ] as const)(
    'offers %s on the templates only what the role may do',
    async (role, offered, notOffered) => {
      renderTab('templates', role);
      await screen.findByTestId('template-row');
      for (const name of offered) {
        expect(await screen.findByRole('button', { name })).toBeInTheDocument();
      }
      // (With no names, expectNoButtons expects no button at all.)
      for (const name of notOffered) expectNoButtons([name]);
    },
  );

  it("does not offer an operator to edit another user's template", async () => {
    const api = fakeAutomationApi({
      listTemplates: async () => ({
        items: [makeTemplate({ owner: 'user:default/someone-else' })],
        totalCount: 1,
      }),
    });
    renderTab('templates', 'operator', api);
    expect(
      await screen.findByRole('button', { name: 'Run deploy web' }),
    ).toBeInTheDocument();
    expectNoButtons(['Edit deploy web', 'Delete deploy web']);
  });

  it('runs a template through its survey and opens the run', async () => {
    const api = renderTab(
      'templates',
      'operator',
      fakeAutomationApi({
        listTemplates: async () => ({
          items: [
            makeTemplate({
              survey: [
                {
                  variable: 'version',
                  label: 'Version',
                  type: 'string',
                  maxLength: 50,
                  required: true,
                },
              ],
            }),
          ],
          totalCount: 1,
        }),
      }),
      '/automation/runs/:id',
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Run deploy web' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Run deploy web',
    });
    await userEvent.type(within(dialog).getByLabelText(/Version/), '1.4.2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Run' }));
    expect(
      await screen.findByText(`Landed on /automation/runs/${RUN_ID}`),
    ).toBeInTheDocument();
    expect(api.startRun).toHaveBeenCalledWith(makeTemplate().id, {
      answers: { version: '1.4.2' },
    });
  });

  it.each([
    ['projects', 'Add project', 'project-row'],
    ['inventories', 'Add inventory', 'inventory-row'],
    ['schedules', 'Add schedule', 'schedule-row'],
  ])(
    'lists the %s, and offers a viewer no way to add one',
    async (tab, add, rowId) => {
      renderTab(tab, 'viewer');
      expect(await screen.findByTestId(rowId)).toBeInTheDocument();
      expectNoButtons([add]);
    },
  );
});
