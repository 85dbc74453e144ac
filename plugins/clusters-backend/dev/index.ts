import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import {
  InMemoryMachinesService,
  makeMachine,
} from '@opssight/plugin-machines-node/testing';

// The clusters plugin alone, with mock authentication: every request is a
// mock user unless it says otherwise (`Authorization: Bearer mock-none-token`).
// The machine registry is an in-memory one holding m1 (10.0.0.11); there is
// no vault, so health checks and runs that need a credential fail. For the
// plugins together, run packages/backend.
//
//   yarn start
//   curl -H 'Content-Type: application/json' \
//     -d '{"name":"lab","environment":"test","masters":["10.0.0.11"]}' \
//     http://localhost:7007/api/clusters/clusters
//   curl http://localhost:7007/api/clusters/clusters

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  new InMemoryMachinesService({
    machines: [makeMachine({ ip: '10.0.0.11', hostname: 'm1' })],
  }).factory(),
);
backend.add(import('../src'));

backend.start();
