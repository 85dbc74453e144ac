import { z } from 'zod';
import { variableNameProblem } from './variables';

const base = {
  variable: z.string().superRefine((name, ctx) => {
    const problem = variableNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  label: z.string().trim().min(1).max(200),
  description: z.string().max(1000).optional(),
  required: z.boolean().default(false),
};
const choices = z
  .array(z.string().trim().min(1).max(200))
  .min(1)
  .max(100)
  .refine(list => new Set(list).size === list.length, 'each choice once');

/** One prompt of a template's survey, asked when a run starts. */
export const surveyQuestionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      ...base,
      type: z.literal('string'),
      default: z.string().max(10_000).optional(),
      maxLength: z.number().int().min(1).max(10_000).default(1000),
    }),
    z.strictObject({
      ...base,
      type: z.literal('integer'),
      default: z.number().int().optional(),
      min: z.number().int().optional(),
      max: z.number().int().optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('boolean'),
      default: z.boolean().optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('choice'),
      choices,
      default: z.string().optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('multi-choice'),
      choices,
      default: z.array(z.string()).optional(),
    }),
    // A secret has no default: it would be stored in clear with the template.
    z.strictObject({
      ...base,
      type: z.literal('secret'),
      maxLength: z.number().int().min(1).max(10_000).default(1000),
    }),
  ])
  .superRefine((q, ctx) => {
    const problem = answerProblem(q, 'default' in q ? q.default : undefined);
    if ('default' in q && q.default !== undefined && problem) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: problem });
    }
    if (
      q.type === 'integer' &&
      q.min !== undefined &&
      q.max !== undefined &&
      q.min > q.max
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['max'],
        message: 'must not be below min',
      });
    }
  });

export type SurveyQuestion = z.output<typeof surveyQuestionSchema>;

/** A template's survey: its questions, each variable asked once. */
export const surveySchema = z
  .array(surveyQuestionSchema)
  .max(50)
  .superRefine((questions, ctx) => {
    const seen = new Set<string>();
    questions.forEach((q, i) => {
      if (seen.has(q.variable)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'variable'],
          message: `${q.variable} is asked twice`,
        });
      }
      seen.add(q.variable);
    });
  });

/** What is wrong with one answer (undefined: nothing; a missing optional answer is fine). */
export function answerProblem(
  q: SurveyQuestion,
  answer: unknown,
): string | undefined {
  if (answer === undefined || answer === null || answer === '') {
    return q.required ? 'is required' : undefined;
  }
  switch (q.type) {
    case 'string':
    case 'secret':
      if (typeof answer !== 'string') return 'must be text';
      return answer.length > q.maxLength
        ? `at most ${q.maxLength} characters`
        : undefined;
    case 'integer':
      if (typeof answer !== 'number' || !Number.isInteger(answer))
        return 'must be a whole number';
      if (q.min !== undefined && answer < q.min)
        return `must be at least ${q.min}`;
      if (q.max !== undefined && answer > q.max)
        return `must be at most ${q.max}`;
      return undefined;
    case 'boolean':
      return typeof answer === 'boolean' ? undefined : 'must be true or false';
    case 'choice':
      return typeof answer === 'string' && q.choices.includes(answer)
        ? undefined
        : `must be one of ${q.choices.join(', ')}`;
    case 'multi-choice':
      if (!Array.isArray(answer)) return 'must be a list of choices';
      if (q.required && answer.length === 0) return 'is required';
      return answer.every(a => typeof a === 'string' && q.choices.includes(a))
        ? undefined
        : `each must be one of ${q.choices.join(', ')}`;
    default:
      return 'is not a known kind of question';
  }
}

/**
 * Applies the answers given when a run starts: defaults for what was not
 * answered, every answer checked, unknown answers refused. Secret answers
 * come back apart, for the run's encrypted variables only (never stored in
 * clear, never shown again). Problems are `answers.<variable>: problem`.
 */
export function applySurvey(
  survey: SurveyQuestion[],
  answers: Record<string, unknown>,
):
  | { vars: Record<string, unknown>; secretVars: Record<string, string> }
  | { problems: string[] } {
  const problems: string[] = [];
  const asked = new Set(survey.map(q => q.variable));
  for (const name of Object.keys(answers)) {
    if (!asked.has(name))
      problems.push(`answers.${name}: is not a question of this survey`);
  }
  const vars: Record<string, unknown> = {};
  const secretVars: Record<string, string> = {};
  for (const q of survey) {
    const given = answers[q.variable];
    const answer = given === undefined && 'default' in q ? q.default : given;
    const problem = answerProblem(q, answer);
    if (problem) {
      problems.push(`answers.${q.variable}: ${problem}`);
    } else if (answer !== undefined && answer !== null && answer !== '') {
      if (q.type === 'secret') secretVars[q.variable] = answer as string;
      else vars[q.variable] = answer;
    }
  }
  return problems.length ? { problems } : { vars, secretVars };
}
