import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// A backend with only the access plugin, for trying the API by hand
// (`yarn start` here). Every request is the mock user, allowed everything:
//
//   curl http://localhost:7007/api/access/users
//   curl http://localhost:7007/api/access/users -H 'Content-Type: application/json' \
//     -d '{"username": "alice", "role": "operator", "password": "a long new passphrase"}'
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));
backend.start();
