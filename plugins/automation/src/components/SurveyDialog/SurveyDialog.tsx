import { FormEvent, useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  DialogProblem,
  errorMessage,
  friendlyMessage,
} from '@opssight/plugin-api-react';
import {
  answerProblem,
  type SurveyQuestion,
  type Template,
} from '@opssight/plugin-automation-common';

/** What the user typed, by variable: text for text and numbers, true/false, lists. */
export type SurveyValues = Record<string, string | boolean | string[]>;

export function initialAnswers(survey: SurveyQuestion[]): SurveyValues {
  const values: SurveyValues = {};
  for (const q of survey) {
    const preset = 'default' in q ? q.default : undefined;
    switch (q.type) {
      case 'boolean':
        values[q.variable] = preset === true;
        break;
      case 'multi-choice':
        values[q.variable] = (preset as string[] | undefined) ?? [];
        break;
      default:
        values[q.variable] = preset === undefined ? '' : String(preset);
    }
  }
  return values;
}

/** The answer as the API takes it; undefined when not given. */
export function answerOf(
  q: SurveyQuestion,
  value: SurveyValues[string],
): unknown {
  if (q.type === 'integer') {
    const text = String(value ?? '').trim();
    if (text === '') return undefined;
    return /^-?\d+$/.test(text) ? Number(text) : text;
  }
  if (q.type === 'multi-choice') {
    return (value as string[]).length ? value : undefined;
  }
  if (q.type === 'boolean') return value;
  return value === '' ? undefined : value;
}

/** The answers to send, or each question's problem. */
export function checkAnswers(
  survey: SurveyQuestion[],
  values: SurveyValues,
): { answers: Record<string, unknown> } | { problems: Record<string, string> } {
  const answers: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const q of survey) {
    const answer = answerOf(q, values[q.variable]);
    const problem =
      q.type === 'integer' && typeof answer === 'string'
        ? 'must be a whole number'
        : answerProblem(q, answer);
    if (problem) problems[q.variable] = problem;
    else if (answer !== undefined) answers[q.variable] = answer;
  }
  return Object.keys(problems).length ? { problems } : { answers };
}

/** `answers.region: must be one of …; answers.count: …` by variable. */
function serverProblems(message: string): Record<string, string> | undefined {
  const problems: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^answers\.([A-Za-z_][A-Za-z0-9_]*): (.*)$/s.exec(part);
    if (!match) return undefined;
    problems[match[1]] = match[2];
  }
  return problems;
}

/** A secret is typed unseen, and the browser does not offer to remember it. */
const INPUT_TYPE: Partial<Record<SurveyQuestion['type'], string>> = {
  secret: 'password',
  integer: 'number',
};

export function QuestionField(props: {
  question: SurveyQuestion;
  value: SurveyValues[string];
  error?: string;
  onChange: (value: SurveyValues[string]) => void;
}) {
  const { question: q, value, error } = props;
  const id = `survey-${q.variable}`;
  const help = error ?? q.description;
  switch (q.type) {
    case 'boolean':
      return (
        <Stack>
          <FormControlLabel
            control={
              <Checkbox
                id={id}
                checked={value === true}
                onChange={e => props.onChange(e.target.checked)}
              />
            }
            label={q.label}
          />
          {help && <FormHelperText error={!!error}>{help}</FormHelperText>}
        </Stack>
      );
    case 'choice':
      return (
        <TextField
          id={id}
          select
          label={q.label}
          required={q.required}
          value={value}
          onChange={e => props.onChange(e.target.value)}
          error={!!error}
          helperText={help}
        >
          {!q.required && (
            <MenuItem value="">
              <em>None</em>
            </MenuItem>
          )}
          {q.choices.map(choice => (
            <MenuItem key={choice} value={choice}>
              {choice}
            </MenuItem>
          ))}
        </TextField>
      );
    case 'multi-choice':
      return (
        <Autocomplete
          multiple
          id={id}
          options={q.choices}
          value={value as string[]}
          onChange={(_e, picked) => props.onChange(picked)}
          renderInput={params => (
            <TextField
              {...params}
              label={q.label}
              required={q.required}
              error={!!error}
              helperText={help}
            />
          )}
        />
      );
    default:
      return (
        <TextField
          id={id}
          label={q.label}
          required={q.required}
          type={INPUT_TYPE[q.type] ?? 'text'}
          autoComplete={q.type === 'secret' ? 'new-password' : 'off'}
          value={value}
          onChange={e => props.onChange(e.target.value)}
          error={!!error}
          helperText={
            help ??
            (q.type === 'integer' &&
            (q.min !== undefined || q.max !== undefined)
              ? `From ${q.min ?? '…'} to ${q.max ?? '…'}`
              : undefined)
          }
        />
      );
  }
}

/**
 * The template's survey, asked when a run starts: each question typed, its
 * default filled in, every answer checked as the server checks it. Secret
 * answers are typed unseen and never shown again.
 */
export function SurveyDialog(props: {
  template: Template;
  onClose: () => void;
  /** Starts the run with the answers; its rejection is shown in the dialog. */
  onRun: (answers: Record<string, unknown>) => Promise<void>;
}) {
  const { template } = props;
  const [values, setValues] = useState(() => initialAnswers(template.survey));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string>();

  const change = (variable: string, value: SurveyValues[string]) => {
    const next = { ...values, [variable]: value };
    setValues(next);
    if (submitted) {
      const checked = checkAnswers(template.survey, next);
      setProblems('problems' in checked ? checked.problems : {});
    } else {
      setProblems(({ [variable]: _, ...rest }) => rest);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError(undefined);
    const checked = checkAnswers(template.survey, values);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setBusy(true);
    try {
      await props.onRun(checked.answers);
    } catch (e) {
      const byQuestion = serverProblems(errorMessage(e));
      if (byQuestion) setProblems(byQuestion);
      else setFormError(friendlyMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="survey-title"
    >
      <form onSubmit={submit} noValidate autoComplete="off">
        <DialogTitle id="survey-title">Run {template.name}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {template.survey.length === 0 && (
              <Typography>
                Runs {template.playbook} on the template's inventory.
              </Typography>
            )}
            {template.survey.map(question => (
              <QuestionField
                key={question.variable}
                question={question}
                value={values[question.variable]}
                error={problems[question.variable]}
                onChange={value => change(question.variable, value)}
              />
            ))}
          </Stack>
          <DialogProblem>{formError}</DialogProblem>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {busy ? 'Starting…' : 'Run'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
