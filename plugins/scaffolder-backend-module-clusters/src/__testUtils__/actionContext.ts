import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

export const ALICE = 'user:default/alice';

/**
 * Runs an action as the scaffolder would for `user`: createMockActionContext
 * with the initiator's credentials and the dry-run flag it does not take.
 */
export async function runAction<TAction extends TemplateAction<any, any>>(
  action: TAction,
  input: Parameters<TAction['handler']>[0]['input'],
  options: { user?: string; isDryRun?: boolean } = {},
) {
  const logger = mockServices.logger.mock();
  const outputs: Record<string, unknown> = {};
  const ctx = {
    ...createMockActionContext({ input, logger }),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    isDryRun: options.isDryRun,
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.user ?? ALICE),
  };
  const logs = () =>
    (['info', 'warn', 'error'] as const).flatMap(level =>
      logger[level].mock.calls.map(call => `${level}: ${call[0]}`),
    );
  try {
    await action.handler(ctx);
  } catch (error) {
    return { error: error as Error, outputs, logs: logs() };
  }
  return { error: undefined, outputs, logs: logs() };
}
