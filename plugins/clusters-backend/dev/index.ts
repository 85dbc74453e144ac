import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// The clusters plugin with the machine registry and the vault it relies on,
// with mock authentication: every request is a mock user unless it says
// otherwise (`Authorization: Bearer mock-none-token`).
//
//   yarn start
//   curl -H 'Content-Type: application/json' \
//     -d '{"ip":"10.0.0.11","hostname":"m1"}' http://localhost:7007/api/machines/machines
//   curl -H 'Content-Type: application/json' \
//     -d '{"name":"lab","environment":"test","masters":["10.0.0.11"]}' \
//     http://localhost:7007/api/clusters/clusters
//   curl http://localhost:7007/api/clusters/clusters

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('@opssight/plugin-machines-backend'));
backend.add(import('@opssight/plugin-vault-backend'));
backend.add(import('../src'));

backend.start();
