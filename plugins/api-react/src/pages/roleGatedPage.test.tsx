import { predicateName, roleGatedPage } from './roleGatedPage';

const predicateOf = (extension: unknown) => (extension as { if?: unknown }).if;

describe('roleGatedPage', () => {
  const permission = {
    name: 'opssight.audit.read',
    attributes: { action: 'read' as const },
  };

  it('names permissions as extension predicates do', () => {
    expect(predicateName(permission)).toBe('opssight.audit.read#read');
    expect(predicateName({ name: 'x', attributes: {} })).toBe('x');
  });

  it('mounts the page for those who hold the permission, and the explanation for everyone else', () => {
    const { page, notForYourRolePage } = roleGatedPage({
      permission,
      page: { path: '/audit', loader: async () => <div /> },
      notForYourRole: {
        name: 'admins-only',
        title: 'Admins only',
        description: 'Ask an admin.',
      },
    });
    expect(predicateOf(page)).toEqual({
      permissions: { $contains: 'opssight.audit.read#read' },
    });
    expect(predicateOf(notForYourRolePage)).toEqual({
      $not: { permissions: { $contains: 'opssight.audit.read#read' } },
    });
  });
});
