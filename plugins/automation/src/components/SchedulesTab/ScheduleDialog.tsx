import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Autocomplete from '@mui/material/Autocomplete';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  FormTextField,
  friendlyMessage,
  useFormDialog,
} from '@opssight/plugin-api-react';
import { automationApiRef, type Schedule, type ScheduleInput } from '../../api';
import { checkAnswers, initialAnswers, QuestionField } from '../SurveyDialog';
import type { SurveyValues } from '../SurveyDialog/SurveyDialog';

type Form = {
  name: string;
  templateId: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  catchUp: 'run-once' | 'skip';
  answers: SurveyValues;
};

const browserZone = () => new Intl.DateTimeFormat().resolvedOptions().timeZone;

function zones(): string[] {
  const supported = (
    Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  ).supportedValuesOf;
  return supported ? supported('timeZone') : ['UTC', browserZone()];
}

/** A fire time as it reads in the schedule's own time zone. */
export function formatInZone(iso: string, timezone: string): string {
  try {
    return new Date(iso).toLocaleString(undefined, {
      timeZone: timezone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  } catch {
    return new Date(iso).toLocaleString();
  }
}

/**
 * The next five fire times of a cron expression in a time zone, as the
 * server computes them; why not, when it cannot.
 */
function NextFires(props: { cron: string; timezone: string }) {
  const api = useApi(automationApiRef);
  const [asked, setAsked] = useState(props);
  useDebounce(() => setAsked(props), 400, [props.cron, props.timezone]);
  const preview = useAsync(
    async () =>
      asked.cron.trim() && asked.timezone
        ? api.previewSchedule(asked.cron, asked.timezone)
        : undefined,
    [api, asked.cron, asked.timezone],
  );
  if (preview.error) {
    return (
      <Typography color="error" variant="body2" role="alert">
        {friendlyMessage(preview.error)}
      </Typography>
    );
  }
  if (!preview.value) return null;
  return (
    <Stack aria-label="Next fire times">
      <Typography variant="subtitle2">Next runs</Typography>
      {preview.value.map(time => (
        <Typography key={time} variant="body2" data-testid="next-fire">
          {formatInZone(time, asked.timezone)}
        </Typography>
      ))}
    </Stack>
  );
}

/**
 * Adds or edits a schedule: which template, a cron expression in a time
 * zone (its next five fire times shown), the survey's answers, whether it is
 * on, and what a fire missed while the portal was down does.
 */
export function ScheduleDialog(props: {
  schedule?: Schedule;
  onClose: () => void;
  onSaved: (schedule: Schedule) => void;
}) {
  const { schedule, onClose, onSaved } = props;
  const api = useApi(automationApiRef);
  const templates = useAsync(
    async () => (await api.listTemplates({ limit: 500 })).items,
    [api],
  );
  const template = (id: string) => templates.value?.find(t => t.id === id);
  const form = useFormDialog<Form, ScheduleInput>({
    id: 'schedule',
    initialValues: () => ({
      name: schedule?.name ?? '',
      templateId: schedule?.templateId ?? '',
      cron: schedule?.cron ?? '0 3 * * *',
      timezone: schedule?.timezone ?? browserZone(),
      enabled: schedule?.enabled ?? true,
      catchUp: schedule?.catchUp ?? 'skip',
      answers: (schedule?.answers ?? {}) as SurveyValues,
    }),
    check: values => {
      const errors: Partial<Record<keyof Form, string>> = {};
      if (!values.name.trim()) errors.name = 'must not be empty';
      if (!values.templateId) errors.templateId = 'pick a template';
      if (!values.cron.trim()) errors.cron = 'must not be empty';
      if (!values.timezone) errors.timezone = 'pick a time zone';
      const survey = template(values.templateId)?.survey ?? [];
      const checked = checkAnswers(survey, values.answers);
      if ('problems' in checked) {
        errors.answers = Object.entries(checked.problems)
          .map(([v, p]) => `${v}: ${p}`)
          .join('; ');
      }
      if (Object.keys(errors).length || !('answers' in checked)) {
        return { errors };
      }
      return {
        data: {
          name: values.name.trim(),
          templateId: values.templateId,
          cron: values.cron.trim(),
          timezone: values.timezone,
          enabled: values.enabled,
          catchUp: values.catchUp,
          answers: checked.answers,
        },
      };
    },
    save: async input =>
      onSaved(
        schedule
          ? await api.updateSchedule(schedule.id, input)
          : await api.createSchedule(input),
      ),
    serverFields: ['name', 'templateId', 'cron', 'timezone', 'answers'],
    conflictField: 'name',
  });
  const { values } = form;
  const survey = template(values.templateId)?.survey ?? [];

  return (
    <FormDialog
      form={form}
      title={schedule ? `Edit ${schedule.name}` : 'Add schedule'}
      submitLabel={schedule ? 'Save' : 'Add'}
      onClose={onClose}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField form={form} field="name" label="Name" required />
        <TextField
          select
          required
          id="schedule-templateId"
          label="Template"
          value={values.templateId}
          onChange={e => {
            const next = template(e.target.value);
            form.set('templateId', e.target.value);
            form.update(v => ({
              ...v,
              answers: next ? initialAnswers(next.survey) : {},
            }));
          }}
          error={!!form.errorFor('templateId')}
          helperText={form.errorFor('templateId')}
        >
          {(templates.value ?? []).map(t => (
            <MenuItem key={t.id} value={t.id}>
              {t.name}
            </MenuItem>
          ))}
        </TextField>
        <FormTextField
          form={form}
          field="cron"
          label="Cron expression"
          helperText={
            form.errorFor('cron') ??
            'minute hour day month weekday, e.g. 0 3 * * 1-5 (weekdays at 03:00)'
          }
          inputProps={{ style: { fontFamily: 'monospace' } }}
          required
        />
        <Autocomplete
          options={zones()}
          value={values.timezone}
          onChange={(_e, zone) => form.set('timezone', zone ?? '')}
          renderInput={params => (
            <TextField
              {...params}
              label="Time zone"
              required
              error={!!form.errorFor('timezone')}
              helperText={form.errorFor('timezone')}
            />
          )}
        />
        <NextFires cron={values.cron} timezone={values.timezone} />
        {survey.length > 0 && (
          <Stack spacing={2}>
            <Typography variant="subtitle1">Survey answers</Typography>
            {survey.map(q => (
              <QuestionField
                key={q.variable}
                question={q}
                value={
                  values.answers[q.variable] ?? initialAnswers([q])[q.variable]
                }
                onChange={value =>
                  form.set('answers', {
                    ...values.answers,
                    [q.variable]: value,
                  })
                }
              />
            ))}
            {form.errorFor('answers') && (
              <Typography color="error" variant="body2" role="alert">
                {form.errorFor('answers')}
              </Typography>
            )}
          </Stack>
        )}
        <FormControlLabel
          control={
            <Switch
              checked={values.enabled}
              onChange={e => form.set('enabled', e.target.checked)}
            />
          }
          label="Enabled"
        />
        <Stack>
          <Typography variant="subtitle2">
            A run missed while the portal was down
          </Typography>
          <RadioGroup
            row
            aria-label="A run missed while the portal was down"
            value={values.catchUp}
            onChange={e =>
              form.set('catchUp', e.target.value as Form['catchUp'])
            }
          >
            <FormControlLabel
              value="skip"
              control={<Radio />}
              label="Skip it"
            />
            <FormControlLabel
              value="run-once"
              control={<Radio />}
              label="Run it once at start-up"
            />
          </RadioGroup>
        </Stack>
      </Stack>
    </FormDialog>
  );
}
