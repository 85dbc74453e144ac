import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { automationPermissions } from '@opssight/plugin-automation-common';
import { pluginServices } from '@opssight/plugin-http-node';
import { createJobEngine, JobHandler } from '@opssight/plugin-jobs-node';
import { DEFAULT_MACHINE_OWNER } from '@opssight/plugin-machines-common';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
import { RunDirectories } from '@opssight/plugin-runner-node';
import { vaultServiceRef } from '@opssight/plugin-vault-node';
import { createAutomationParts } from './service/parts';
import { seedDemo } from './service/seed';
import { createRouter } from './service/router';

/**
 * Ansible automation: projects, inventories, templates, schedules and
 * playbook runs on the job engine, mounted at /api/automation.
 *
 * @public
 */
export const automationPlugin = createBackendPlugin({
  pluginId: 'automation',
  register(env) {
    env.registerInit({
      deps: {
        ...pluginServices,
        machines: machinesServiceRef,
        vault: vaultServiceRef,
      },
      async init(deps) {
        const { config, logger } = deps;
        deps.permissionsRegistry.addPermissions(automationPermissions);
        const directories = RunDirectories.forPlugin(
          'automation',
          config.getOptionalString('automation.runRoot'),
        );
        // What a backend that died left behind: its run directories and processes.
        const swept = await directories.sweep();
        if (swept.length) {
          logger.info(`Removed ${swept.length} abandoned run directories`);
        }

        const parts = await createAutomationParts({ ...deps, directories });
        const seed = config.getOptionalConfig('automation.seed');
        if (seed) {
          await seedDemo({
            database: deps.database,
            seed,
            logger,
            owner: seed.getOptionalString('owner') ?? DEFAULT_MACHINE_OWNER,
          });
        }
        const engine = await createJobEngine({
          pluginId: 'automation',
          database: deps.database,
          logger,
          config,
          handlers: parts.handlers as JobHandler<any>[],
          // ansible-playbook gets SIGINT, then SIGTERM, then SIGKILL: room for all three.
          abortGraceMs: 20_000,
          // The live log (and the host × task grid following it) within a
          // quarter of a second of Ansible printing it.
          logFlushMs: 50,
        });
        await engine.start();
        deps.lifecycle.addShutdownHook(async () => {
          await parts.stopping?.();
          await engine.stop();
        });
        deps.httpRouter.use(
          await createRouter({ ...deps, engine }, parts.routes),
        );
        await parts.started?.({ ...deps, engine });
      },
    });
  },
});
