module.exports = require('../../scripts/eslint-package-config')(__dirname);
