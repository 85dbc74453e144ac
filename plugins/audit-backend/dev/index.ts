import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { auditorServiceFactory } from '../src';

// A standalone backend for working on the audit plugin (`yarn start` here).
// Every request counts as the mock user; the audit database is the one of the
// root app-config.yaml. Try:
//
//   curl http://localhost:7007/api/audit/entries
//   curl http://localhost:7007/api/audit/verify
//   curl -OJ http://localhost:7007/api/audit/export
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(auditorServiceFactory);
backend.add(import('../src'));

backend.start();
