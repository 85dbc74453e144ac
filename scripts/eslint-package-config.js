// The ESLint config of every package (its .eslintrc.js calls this): Backstage's,
// with plugins meeting only through libraries made an error instead of a warning.
// scripts/check-plugin-imports.mjs checks the same boundary on package.json and
// that every package uses this file.
const createConfig = require('@backstage/cli/config/eslint-factory');

module.exports = function createPackageConfig(dir, extraConfig = {}) {
  return createConfig(dir, {
    ...extraConfig,
    rules: {
      // The one accepted exception is a test that starts another plugin's real
      // backend, with an eslint-disable-next-line comment saying why.
      '@backstage/no-mixed-plugin-imports': 'error',
      ...extraConfig.rules,
    },
  });
};
