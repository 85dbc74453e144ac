import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { AuditRecord, recordAudit } from './backend';

describe('recordAudit', () => {
  it('keeps each event as it starts and as it ends, with the metadata added on the way and a failure', async () => {
    const records: AuditRecord[] = [];
    const audited = createBackendPlugin({
      pluginId: 'audited',
      register(env) {
        env.registerInit({
          deps: { auditor: coreServices.auditor },
          async init({ auditor }) {
            const saved = await auditor.createEvent({
              eventId: 'thing-save',
              meta: { name: 'web' },
            });
            await saved.success({ meta: { name: 'web', id: '1' } });
            const deleted = await auditor.createEvent({
              eventId: 'thing-delete',
            });
            await deleted.fail({ error: new Error('in use') });
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [audited, recordAudit(records).factory],
    });
    await backend.stop();
    expect(records).toEqual([
      { eventId: 'thing-save', outcome: 'initiated', meta: { name: 'web' } },
      {
        eventId: 'thing-save',
        outcome: 'succeeded',
        meta: { name: 'web', id: '1' },
      },
      { eventId: 'thing-delete', outcome: 'initiated', meta: {} },
      {
        eventId: 'thing-delete',
        outcome: 'failed',
        meta: {},
        error: 'in use',
      },
    ]);
  });
});
