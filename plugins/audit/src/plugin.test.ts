import {
  adminsOnlyPage,
  AUDIT_READ_PREDICATE,
  auditPage,
  auditPlugin,
} from './plugin';

// The test apps of frontend-test-utils finalize synchronously and cannot wait
// for permission predicates, so the predicates themselves are checked here.
const predicateOf = (extension: unknown) => (extension as { if?: unknown }).if;

describe('auditPlugin', () => {
  it('has the audit plugin id', () => {
    expect(auditPlugin.id).toBe('audit');
  });

  it('mounts the trail, and so its sidebar entry, only for readers of the trail', () => {
    expect(AUDIT_READ_PREDICATE).toBe('opssight.audit.read#read');
    expect(predicateOf(auditPage)).toEqual({
      permissions: { $contains: 'opssight.audit.read#read' },
    });
  });

  it('explains itself to everyone else, without a sidebar entry', () => {
    expect(predicateOf(adminsOnlyPage)).toEqual({
      $not: { permissions: { $contains: 'opssight.audit.read#read' } },
    });
  });
});
