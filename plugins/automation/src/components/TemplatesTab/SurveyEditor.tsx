import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import type { SurveyQuestion } from '@opssight/plugin-automation-common';

/** One question as the editor holds it: every field as typed. */
export type QuestionDraft = {
  variable: string;
  label: string;
  type: SurveyQuestion['type'];
  required: boolean;
  /** Text; for multi-choice, comma-separated. */
  default: string;
  /** Comma-separated. */
  choices: string;
  min: string;
  max: string;
};

const TYPES: Array<[SurveyQuestion['type'], string]> = [
  ['string', 'Text'],
  ['integer', 'Whole number'],
  ['boolean', 'Yes / no'],
  ['choice', 'One of'],
  ['multi-choice', 'Several of'],
  ['secret', 'Secret'],
];

const split = (text: string) =>
  text
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);

function presetText(preset: unknown): string {
  if (Array.isArray(preset)) return preset.join(', ');
  return preset === undefined ? '' : String(preset);
}

export function draftOf(q: SurveyQuestion): QuestionDraft {
  const preset = 'default' in q ? q.default : undefined;
  return {
    variable: q.variable,
    label: q.label,
    type: q.type,
    required: q.required,
    default: presetText(preset),
    choices: 'choices' in q ? q.choices.join(', ') : '',
    min: q.type === 'integer' && q.min !== undefined ? String(q.min) : '',
    max: q.type === 'integer' && q.max !== undefined ? String(q.max) : '',
  };
}

/** A question as the API takes it (the server checks it again). */
export function questionOf(d: QuestionDraft): Record<string, unknown> {
  const q: Record<string, unknown> = {
    variable: d.variable.trim(),
    label: d.label.trim(),
    type: d.type,
    required: d.required,
  };
  const preset = d.default.trim();
  const number = (text: string) =>
    /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  switch (d.type) {
    case 'string':
      if (preset) q.default = d.default;
      break;
    case 'integer':
      if (preset) q.default = number(preset);
      if (d.min.trim()) q.min = number(d.min);
      if (d.max.trim()) q.max = number(d.max);
      break;
    case 'boolean':
      if (preset) q.default = preset === 'true' || preset === 'yes';
      break;
    case 'choice':
      q.choices = split(d.choices);
      if (preset) q.default = preset;
      break;
    case 'multi-choice':
      q.choices = split(d.choices);
      if (preset) q.default = split(preset);
      break;
    default:
      // A secret has no default: it would be stored in clear.
      break;
  }
  return q;
}

export const EMPTY_QUESTION: QuestionDraft = {
  variable: '',
  label: '',
  type: 'string',
  required: false,
  default: '',
  choices: '',
  min: '',
  max: '',
};

/** The questions a run asks, each with its variable, kind, default and rules. */
export function SurveyEditor(props: {
  questions: QuestionDraft[];
  onChange: (questions: QuestionDraft[]) => void;
  error?: string;
}) {
  const { questions, onChange } = props;
  const set = (i: number, change: Partial<QuestionDraft>) =>
    onChange(questions.map((q, j) => (j === i ? { ...q, ...change } : q)));
  return (
    <Stack spacing={1.5}>
      <Typography variant="subtitle1">Survey</Typography>
      <Typography variant="body2" color="text.secondary">
        Questions asked when a run starts; each answer becomes an extra
        variable. Secret answers are never stored in clear or shown again.
      </Typography>
      {questions.map((q, i) => (
        <Box
          key={i}
          role="group"
          aria-label={`Question ${i + 1}`}
          sx={{ p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}
        >
          <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
            <TextField
              size="small"
              label="Variable"
              value={q.variable}
              onChange={e => set(i, { variable: e.target.value })}
              sx={{ fontFamily: 'monospace', width: 160 }}
            />
            <TextField
              size="small"
              label="Question"
              value={q.label}
              onChange={e => set(i, { label: e.target.value })}
              sx={{ flexGrow: 1, minWidth: 200 }}
            />
            <TextField
              size="small"
              select
              label="Answer"
              value={q.type}
              onChange={e =>
                set(i, { type: e.target.value as QuestionDraft['type'] })
              }
              sx={{ width: 150 }}
            >
              {TYPES.map(([type, label]) => (
                <MenuItem key={type} value={type}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
            <FormControlLabel
              control={
                <Checkbox
                  checked={q.required}
                  onChange={e => set(i, { required: e.target.checked })}
                />
              }
              label="Required"
            />
            <IconButton
              aria-label={`Remove question ${i + 1}`}
              onClick={() => onChange(questions.filter((_, j) => j !== i))}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Stack>
          <Stack
            direction="row"
            spacing={1}
            sx={{ mt: 1 }}
            flexWrap="wrap"
            useFlexGap
          >
            {(q.type === 'choice' || q.type === 'multi-choice') && (
              <TextField
                size="small"
                label="Choices (comma-separated)"
                value={q.choices}
                onChange={e => set(i, { choices: e.target.value })}
                sx={{ flexGrow: 1, minWidth: 240 }}
              />
            )}
            {q.type === 'integer' && (
              <>
                <TextField
                  size="small"
                  label="At least"
                  value={q.min}
                  onChange={e => set(i, { min: e.target.value })}
                  sx={{ width: 110 }}
                />
                <TextField
                  size="small"
                  label="At most"
                  value={q.max}
                  onChange={e => set(i, { max: e.target.value })}
                  sx={{ width: 110 }}
                />
              </>
            )}
            {q.type !== 'secret' && (
              <TextField
                size="small"
                label={q.type === 'boolean' ? 'Default (yes or no)' : 'Default'}
                value={q.default}
                onChange={e => set(i, { default: e.target.value })}
                sx={{ width: 200 }}
              />
            )}
          </Stack>
        </Box>
      ))}
      {props.error && (
        <Typography color="error" variant="body2" role="alert">
          {props.error}
        </Typography>
      )}
      <Box>
        <Button
          startIcon={<AddIcon />}
          onClick={() => onChange([...questions, { ...EMPTY_QUESTION }])}
        >
          Add question
        </Button>
      </Box>
    </Stack>
  );
}
