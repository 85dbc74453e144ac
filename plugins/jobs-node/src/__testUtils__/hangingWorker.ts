/*
 * A worker that dies: run by recovery.test.ts in a child process (node with
 * Backstage's TypeScript transform). It claims one `hang` job, starts its
 * target, logs a line, says so on stdout and then hangs until it is killed.
 *
 * Environment: JOBS_TEST_KNEX, the knex config (JSON) of the test database.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { createJobEngine } from '../createJobEngine';
import { JobSlots } from '../JobSlots';

const logger: LoggerService = {
  error: message => process.stderr.write(`error: ${message}\n`),
  warn: message => process.stderr.write(`warn: ${message}\n`),
  info: () => {},
  debug: () => {},
  child: () => logger,
};

async function main() {
  const knex = knexFactory(JSON.parse(process.env.JOBS_TEST_KNEX!));
  const engine = await createJobEngine({
    pluginId: 'test',
    database: { getClient: async () => knex, migrations: { skip: true } },
    logger,
    workerId: 'doomed',
    globalLimiter: new JobSlots(1),
    heartbeatIntervalMs: 100,
    pollIntervalMs: 50,
    logFlushMs: 10,
    handlers: [
      {
        kind: 'hang',
        async run(ctx) {
          await ctx.startTarget('a');
          ctx.log('half-way through\n', { target: 'a' });
          // Long enough for the log to be written.
          await new Promise(resolve => setTimeout(resolve, 200));
          process.stdout.write(`CLAIMED ${ctx.job.id}\n`);
          await new Promise(() => {});
        },
      },
    ],
  });
  await engine.start();
  process.stdout.write('READY\n');
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
