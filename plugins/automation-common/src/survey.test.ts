import { applySurvey, SurveyQuestion, surveySchema } from './survey';

const survey: SurveyQuestion[] = surveySchema.parse([
  { variable: 'version', label: 'Version', type: 'string', required: true },
  {
    variable: 'replicas',
    label: 'Replicas',
    type: 'integer',
    min: 1,
    max: 10,
    default: 2,
  },
  { variable: 'dry_run', label: 'Dry run', type: 'boolean', default: false },
  {
    variable: 'env',
    label: 'Environment',
    type: 'choice',
    choices: ['dev', 'prod'],
    default: 'dev',
  },
  {
    variable: 'features',
    label: 'Features',
    type: 'multi-choice',
    choices: ['a', 'b', 'c'],
  },
  {
    variable: 'db_password',
    label: 'Database password',
    type: 'secret',
    required: true,
  },
]);

describe('applySurvey', () => {
  it('fills defaults, keeps answers, and sets secret answers apart', () => {
    expect(
      applySurvey(survey, {
        version: '1.4',
        features: ['a', 'c'],
        db_password: 's3cret!',
      }),
    ).toEqual({
      vars: {
        version: '1.4',
        replicas: 2,
        dry_run: false,
        env: 'dev',
        features: ['a', 'c'],
      },
      secretVars: { db_password: 's3cret!' },
    });
  });

  it('names every problem by its variable, and refuses answers to no question', () => {
    expect(
      applySurvey(survey, {
        replicas: 11,
        env: 'staging',
        features: ['z'],
        dry_run: 'yes',
        extra: 1,
      }),
    ).toEqual({
      problems: [
        'answers.extra: is not a question of this survey',
        'answers.version: is required',
        'answers.replicas: must be at most 10',
        'answers.dry_run: must be true or false',
        'answers.env: must be one of dev, prod',
        'answers.features: each must be one of a, b, c',
        'answers.db_password: is required',
      ],
    });
    expect(
      applySurvey(survey, { version: 'x', db_password: 'p', replicas: 1.5 }),
    ).toEqual({
      problems: ['answers.replicas: must be a whole number'],
    });
  });
});

describe('surveySchema', () => {
  const issues = (input: unknown) => {
    const result = surveySchema.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
  };

  it.each([
    [
      [{ variable: 'ansible_host', label: 'x', type: 'string' }],
      '0.variable: ansible_host is set by OpsSight from the machine registry and the vault',
    ],
    [
      [
        { variable: 'a', label: 'x', type: 'string' },
        { variable: 'a', label: 'y', type: 'boolean' },
      ],
      '1.variable: a is asked twice',
    ],
    [
      [
        {
          variable: 'e',
          label: 'x',
          type: 'choice',
          choices: ['a'],
          default: 'b',
        },
      ],
      '0.default: must be one of a',
    ],
    [
      [{ variable: 'n', label: 'x', type: 'integer', min: 5, max: 1 }],
      '0.max: must not be below min',
    ],
    [
      [{ variable: 'c', label: 'x', type: 'choice', choices: ['a', 'a'] }],
      '0.choices: each choice once',
    ],
    [
      [
        {
          variable: 's',
          label: 'x',
          type: 'secret',
          default: 'stored-in-clear',
        },
      ],
      '0: Unrecognized key: "default"',
    ],
  ])('refuses %j', (input, issue) => {
    expect(issues(input)).toEqual(
      expect.arrayContaining([expect.stringContaining(issue)]),
    );
  });
});
