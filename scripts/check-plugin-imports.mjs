#!/usr/bin/env node
// Plugins meet only through libraries: no frontend plugin depends on another
// frontend plugin, and no backend plugin or module on another backend plugin
// or module; they share -react, -node and -common packages instead, and no
// library depends on a plugin. The app and the backend (packages/*) put
// plugins together and may depend on any: a test that starts several backend
// plugins together lives in packages/backend. Tests count as much as code, so
// devDependencies are checked too.
//
// ESLint's @backstage/no-mixed-plugin-imports checks each import, but it lets
// a backend plugin import a backend module, and a module import another
// plugin's module. Every import of a workspace package must be declared in
// package.json (@backstage/no-undeclared-imports), so checking declared
// dependencies covers all of them, in every package, new ones included.
// Last, every package lints with scripts/eslint-package-config.js, where that
// rule is an error.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const FRONTEND = ['frontend-plugin', 'frontend-plugin-module'];
const BACKEND = ['backend-plugin', 'backend-plugin-module'];

const packages = new Map();
for (const parent of ['packages', 'plugins']) {
  for (const name of readdirSync(join(root, parent))) {
    const file = join(root, parent, name, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8'));
    packages.set(json.name, {
      dir: relative(root, join(root, parent, name)),
      role: json.backstage?.role,
      pluginId: json.backstage?.pluginId,
      runtimeDeps: Object.keys({
        ...json.dependencies,
        ...json.peerDependencies,
      }),
      devDeps: Object.keys(json.devDependencies ?? {}),
      eslintrc: existsSync(join(root, parent, name, '.eslintrc.js'))
        ? readFileSync(join(root, parent, name, '.eslintrc.js'), 'utf8')
        : '',
    });
  }
}

const problems = [];
for (const pkg of packages.values()) {
  if (
    !pkg.eslintrc.includes(
      "require('../../scripts/eslint-package-config')(__dirname",
    )
  ) {
    problems.push(
      `${pkg.dir}/.eslintrc.js: should be module.exports = require('../../scripts/eslint-package-config')(__dirname);`,
    );
  }
}
for (const [name, pkg] of packages) {
  // A library (-node, -react, -common) may not depend on any plugin either.
  const side = FRONTEND.includes(pkg.role)
    ? FRONTEND
    : BACKEND.includes(pkg.role) || pkg.role === 'node-library'
    ? BACKEND
    : pkg.role === 'web-library' || pkg.role === 'common-library'
    ? [...FRONTEND, ...BACKEND]
    : undefined;
  if (!side) continue;
  const deps = [...pkg.runtimeDeps, ...pkg.devDeps];
  for (const dep of deps) {
    const target = packages.get(dep);
    if (!target || dep === name || !side.includes(target.role)) continue;
    // A frontend module of a plugin extends that plugin (new frontend system).
    if (side === FRONTEND && pkg.pluginId && pkg.pluginId === target.pluginId)
      continue;
    const library = FRONTEND.includes(target.role) ? 'a -react' : 'a -node';
    problems.push(
      `${pkg.dir}/package.json: ${name} (${pkg.role}) depends on ${dep} (${target.role}); share ${library} or -common library instead`,
    );
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(
    `\n${problems.length} problems with how plugins meet (plugins/README.md: who may import whom)`,
  );
  process.exit(1);
}
console.log(
  `plugin dependencies: none between plugins (${packages.size} packages checked)`,
);
