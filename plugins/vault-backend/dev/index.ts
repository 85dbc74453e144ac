import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// The vault on its own, with mock authentication: `yarn start` in this package, then
//
//   curl http://localhost:7007/api/vault/credentials
//   curl http://localhost:7007/api/vault/credentials -H 'Content-Type: application/json' \
//     -d '{"kind": "password", "name": "db", "username": "postgres", "password": "s3cret"}'
//
// Without vault.keys it generates a development key into ../../.data/vault-dev-key.json.

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));

backend.start();
