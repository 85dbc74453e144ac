#!/usr/bin/env node
// Sums the test results of every suite from their JSON reports and prints, as the
// last line, `N passed, N failed` (+ `, N skipped` when any were skipped).
//
//   node scripts/totals.mjs [--jest <jest --json file>] [--playwright <json reporter file>]
//                           [--failed-phase <name>]...
//
// "failed" counts failed tests plus everything that failed without being a test:
// a jest suite that could not run, a global Playwright error (e.g. the portal did
// not start), a suite that left no report, a failed phase such as the type check.
// So the line never says "0 failed" for a run that failed.
// Exit status: 0 only when nothing failed and at least one test ran.
import fs from 'node:fs';

const args = process.argv.slice(2);
const suites = [];
const failedPhases = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--jest' || a === '--playwright') {
    suites.push({ kind: a.slice(2), file: args[++i] });
  } else if (a === '--failed-phase') {
    failedPhases.push(args[++i]);
  } else {
    console.error(`totals: unknown argument ${a}`);
    process.exit(64);
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function fromJest(r) {
  const runtimeErrors = r.numRuntimeErrorTestSuites ?? 0;
  const notes = [];
  for (const s of r.testResults ?? []) {
    if (
      s.testExecError ||
      (s.status === 'failed' && (s.assertionResults ?? []).length === 0)
    ) {
      notes.push(`suite failed to run: ${s.name}`);
    }
  }
  return {
    ran: (r.numPassedTests ?? 0) + (r.numFailedTests ?? 0),
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + runtimeErrors,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    detail: `${r.numTotalTestSuites ?? 0} suites${
      runtimeErrors ? `, ${runtimeErrors} could not run` : ''
    }`,
    notes,
  };
}

function fromPlaywright(r) {
  const s = r.stats ?? {};
  const errors = r.errors ?? [];
  const notes = errors.map(
    e => `error: ${String(e.message ?? e).split('\n')[0]}`,
  );
  const flaky = s.flaky ?? 0;
  return {
    ran: (s.expected ?? 0) + flaky + (s.unexpected ?? 0),
    passed: (s.expected ?? 0) + flaky,
    failed: (s.unexpected ?? 0) + errors.length,
    skipped: s.skipped ?? 0,
    detail: flaky ? `${flaky} flaky (passed on retry)` : '',
    notes,
  };
}

const total = { ran: 0, passed: 0, failed: 0, skipped: 0 };
let crashed = false;
for (const { kind, file } of suites) {
  const report = readJson(file);
  let res;
  if (!report) {
    crashed = true;
    res = {
      ran: 0,
      passed: 0,
      failed: 1,
      skipped: 0,
      detail: '',
      notes: [`no report at ${file}: the suite crashed`],
    };
  } else {
    res = kind === 'jest' ? fromJest(report) : fromPlaywright(report);
  }
  total.ran += res.ran;
  total.passed += res.passed;
  total.failed += res.failed;
  total.skipped += res.skipped;
  const extra = res.detail ? ` (${res.detail})` : '';
  console.log(
    `  ${kind.padEnd(11)} ${res.passed} passed, ${res.failed} failed, ${
      res.skipped
    } skipped${extra}`,
  );
  for (const n of res.notes.slice(0, 20))
    console.log(`  ${''.padEnd(11)} ${n}`);
}
for (const phase of failedPhases) {
  total.failed += 1;
  console.log(`  ${phase.padEnd(11)} failed (counted as 1 failure)`);
}

if (total.ran === 0) console.log('  no tests ran');
let line = `${total.passed} passed, ${total.failed} failed`;
if (total.skipped > 0) line += `, ${total.skipped} skipped`;
console.log(line);

process.exitCode = total.failed > 0 || crashed || total.ran === 0 ? 1 : 0;
