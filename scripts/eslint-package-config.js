// The ESLint config of every package (its .eslintrc.js calls this): Backstage's,
// with plugins meeting only through libraries made an error instead of a warning.
// scripts/check-plugin-imports.mjs checks the same boundary on package.json and
// that every package uses this file.
const createConfig = require('@backstage/cli/config/eslint-factory');

// The roles Backstage lints with its React rules (jsx-a11y among them).
const REACT_ROLES = [
  'web-library',
  'frontend',
  'frontend-plugin',
  'frontend-plugin-module',
  'frontend-dynamic-container',
];

module.exports = function createPackageConfig(dir, extraConfig = {}) {
  const role = require(`${dir}/package.json`).backstage?.role;
  return createConfig(dir, {
    ...extraConfig,
    rules: {
      // No exception, tests included: a test that starts several plugins'
      // real backends together lives in packages/backend.
      '@backstage/no-mixed-plugin-imports': 'error',
      // The test kits' expect* helpers (expectNoButtons, expectPlugin, …)
      // assert; a test whose only assertions are such calls is not empty.
      'jest/expect-expect': [
        'warn',
        { assertFunctionNames: ['expect', 'expect*', 'expect*.*'] },
      ],
      ...(REACT_ROLES.includes(role) && {
        // Focus moves into a dialog or sign-in form by its first field (the
        // WAI-ARIA dialog pattern); MUI fields take autoFocus for that. A bare
        // DOM element with autoFocus is still an error.
        'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
      }),
      ...extraConfig.rules,
    },
  });
};
