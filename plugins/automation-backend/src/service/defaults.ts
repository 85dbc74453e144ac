import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  automationReadPermission,
  RunDefaults,
} from '@opssight/plugin-automation-common';
import { CONTROL_PERSIST_SECONDS } from '../ansible/runPlaybook';
import { RouteContext } from './context';

/**
 * The defaults every run gets unless its template overrides them: forks
 * from `automation.forks` (10 unless configured), pipelining and
 * ControlPersist always on (runPlaybook's ansible.cfg), and the time limit
 * from `automation.runTimeoutSeconds` (an hour unless configured).
 */
export function runDefaults(config: RootConfigService): RunDefaults {
  return {
    forks: config.getOptionalNumber('automation.forks') ?? 10,
    pipelining: true,
    controlPersistSeconds: CONTROL_PERSIST_SECONDS,
    timeoutSeconds:
      config.getOptionalNumber('automation.runTimeoutSeconds') ?? 3600,
  };
}

/** GET /defaults: what the UI shows beside each run option. */
export function defaultsRoutes({ router, guard, config }: RouteContext) {
  const defaults = runDefaults(config);
  router.get('/defaults', async (req, res) => {
    await guard.authorize(req, automationReadPermission);
    res.json(defaults);
  });
}
