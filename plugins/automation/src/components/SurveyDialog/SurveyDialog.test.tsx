import { screen, within } from '@testing-library/react';
import { apiError, userEvent } from '@opssight/plugin-api-react/testing';
import type { SurveyQuestion } from '@opssight/plugin-automation-common';
import { renderAutomationRoute } from '../../__testUtils__/renderAutomationRoute';
import { makeTemplate } from '../../testing/fakeAutomationApi';
import { SurveyDialog } from './SurveyDialog';

const survey: SurveyQuestion[] = [
  {
    variable: 'region',
    label: 'Region',
    type: 'choice',
    choices: ['eu', 'us'],
    default: 'eu',
    required: true,
  },
  {
    variable: 'replicas',
    label: 'Replicas',
    type: 'integer',
    min: 1,
    max: 5,
    required: true,
  },
  { variable: 'dry_run', label: 'Dry run', type: 'boolean', required: false },
  {
    variable: 'db_password',
    label: 'Database password',
    type: 'secret',
    maxLength: 100,
    required: true,
  },
  {
    variable: 'note',
    label: 'Note',
    type: 'string',
    maxLength: 1000,
    required: false,
  },
];

function renderSurvey(onRun = jest.fn(async () => {})) {
  renderAutomationRoute(
    <SurveyDialog
      template={makeTemplate({ survey })}
      onClose={() => {}}
      onRun={onRun}
    />,
  );
  return onRun;
}

describe('SurveyDialog', () => {
  it('asks each question by its kind, the secret as a password, defaults filled in', async () => {
    renderSurvey();
    const dialog = await screen.findByRole('dialog', {
      name: 'Run deploy web',
    });
    expect(within(dialog).getByLabelText(/Database password/)).toHaveAttribute(
      'type',
      'password',
    );
    expect(within(dialog).getByLabelText(/Replicas/)).toHaveAttribute(
      'type',
      'number',
    );
    expect(
      within(dialog).getByRole('checkbox', { name: 'Dry run' }),
    ).not.toBeChecked();
    expect(
      within(dialog).getByRole('combobox', { name: /Region/ }),
    ).toHaveTextContent('eu');
  });

  it('refuses answers the survey does not allow, and sends nothing', async () => {
    const onRun = renderSurvey();
    await screen.findByRole('dialog');
    await userEvent.type(screen.getByLabelText(/Replicas/), '9');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByText('must be at most 5')).toBeInTheDocument();
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(onRun).not.toHaveBeenCalled();
  });

  it('sends the typed answers, numbers as numbers, the unanswered optional ones left out', async () => {
    const onRun = renderSurvey();
    await screen.findByRole('dialog');
    await userEvent.type(screen.getByLabelText(/Replicas/), '3');
    await userEvent.type(screen.getByLabelText(/Database password/), 's3cret!');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Dry run' }));
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(onRun).toHaveBeenCalledWith({
      region: 'eu',
      replicas: 3,
      dry_run: true,
      db_password: 's3cret!',
    });
  });

  it("puts the server's problem with an answer beside its question", async () => {
    const onRun = jest.fn(async () => {
      throw await apiError(
        400,
        'InputError',
        'answers.region: must be one of eu, us',
      );
    });
    renderSurvey(onRun);
    await screen.findByRole('dialog');
    await userEvent.type(screen.getByLabelText(/Replicas/), '2');
    await userEvent.type(screen.getByLabelText(/Database password/), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      await screen.findByText('must be one of eu, us'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/answers\.region/)).toBeNull();
  });
});
