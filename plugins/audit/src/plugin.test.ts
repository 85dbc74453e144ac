import { expectRoleGated } from '@opssight/plugin-api-react/testing';
import {
  adminsOnlyPage,
  AUDIT_READ_PREDICATE,
  auditPage,
  auditPlugin,
} from './plugin';

describe('auditPlugin', () => {
  it('has the audit plugin id', () => {
    expect(auditPlugin.id).toBe('audit');
  });

  it('mounts the trail, and so its sidebar entry, only for readers of the trail, and explains itself to everyone else', () => {
    expect(AUDIT_READ_PREDICATE).toBe('opssight.audit.read#read');
    expectRoleGated(auditPage, adminsOnlyPage, AUDIT_READ_PREDICATE);
  });
});
