/*
 * End-to-end tests for the OpsSight portal (packages/app/e2e-tests).
 *
 * Run with `scripts/test.sh` (whole suite) or `yarn test:e2e` (needs /usr/bin/chromium).
 *
 * The portal under test is always started fresh by `webServer` (scripts/e2e-portal.sh):
 * frontend http://localhost:3100, backend http://localhost:7107 (app-config.e2e.yaml;
 * OPSSIGHT_E2E_APP_PORT / OPSSIGHT_E2E_BACKEND_PORT override them),
 * a throwaway SQLite directory, a random static API token (OPSSIGHT_E2E_API_TOKEN in
 * the tests' environment), and it is stopped after the run. It never reuses a
 * running portal, so a developer's `scripts/start.sh` (3000/7007) and its data are
 * left alone.
 *
 * We do not use generateProjects() from @backstage/e2e-test-utils: it hard-codes the
 * 'chrome' channel; here the browser is Debian's chromium.
 */

import { defineConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const resultsDir = path.resolve(__dirname, 'test-results');

// Defaults match app-config.e2e.yaml; scripts/test.sh picks free ports instead when
// these are taken (e.g. another checkout's e2e run), and e2e-portal.sh follows.
const appPort = process.env.OPSSIGHT_E2E_APP_PORT ?? '3100';

// The portal under test accepts this static API token (OPSSIGHT_API_TOKEN) for the
// tests that call the API like a script would. Set once in the runner process; the
// workers inherit it through the environment.
process.env.OPSSIGHT_E2E_API_TOKEN ??= randomBytes(24).toString('hex');

export default defineConfig({
  testDir: 'packages/app/e2e-tests',

  // First navigation waits for lazily compiled chunks of the dev server.
  timeout: 120_000,
  expect: { timeout: 30_000 },

  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  fullyParallel: false,

  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile:
          process.env.OPSSIGHT_E2E_REPORT ??
          path.join(resultsDir, 'playwright.json'),
      },
    ],
  ],

  outputDir: path.join(resultsDir, 'e2e-artifacts'),

  webServer: {
    command: 'bash scripts/e2e-portal.sh',
    cwd: __dirname,
    // The script prints this once the frontend and the backend readiness check
    // (/.backstage/health/v1/readiness) both answer.
    wait: { stdout: /OPSSIGHT_E2E_READY/ },
    // First rspack compile plus backend start on 2 cores.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: { OPSSIGHT_API_TOKEN: process.env.OPSSIGHT_E2E_API_TOKEN },
  },

  use: {
    baseURL: `http://localhost:${appPort}`,
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },

  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          executablePath: process.env.OPSSIGHT_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
});
