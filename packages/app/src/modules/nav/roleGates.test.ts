import { roleAllows, ROLES, type Role } from '@opssight/plugin-access-common';
import { catalogImportRoleModule, scaffolderRoleModule } from './roleGates';

// The test apps of frontend-test-utils finalize synchronously and cannot wait
// for permission predicates, so the predicates are evaluated here the way the
// app does: each `name#action` asked of the permission policy once.
type Predicate = Record<string, any>;

function allows(role: Role, name: string): boolean {
  const [permission, action] = name.split('#');
  return roleAllows(role, {
    type: 'basic',
    name: permission,
    attributes: action ? { action: action as any } : {},
  });
}

function holds(predicate: Predicate | undefined, role: Role): boolean {
  if (!predicate) return true;
  if (predicate.$not) return !holds(predicate.$not, role);
  if (predicate.$all)
    return predicate.$all.every((p: Predicate) => holds(p, role));
  if (predicate.$any)
    return predicate.$any.some((p: Predicate) => holds(p, role));
  if (predicate.permissions)
    return allows(role, predicate.permissions.$contains);
  throw new Error(`unexpected predicate ${JSON.stringify(predicate)}`);
}

/** The extensions of a module, by id, with their predicates. */
function extensionsOf(module: unknown): Map<string, Predicate | undefined> {
  const internal = module as {
    extensions: Array<{
      id?: string;
      kind?: string;
      name?: string;
      if?: Predicate;
    }>;
    pluginId: string;
  };
  return new Map(
    internal.extensions.map(e => [
      e.id ?? `${e.kind}:${internal.pluginId}${e.name ? `/${e.name}` : ''}`,
      e.if,
    ]),
  );
}

/** Which of a module's extensions a role gets. */
function mountedFor(module: unknown, role: Role): string[] {
  return [...extensionsOf(module)]
    .filter(([, predicate]) => holds(predicate, role))
    .map(([id]) => id)
    .sort();
}

describe('pages gated by role', () => {
  it('gives viewers the "needs a role" page at /create instead of templates and the template editor', () => {
    expect(mountedFor(scaffolderRoleModule, 'viewer')).toEqual([
      'page:scaffolder/needs-role',
    ]);
  });

  it.each(['operator', 'admin'] as const)(
    'gives %ss Create… and the template editor, and no "needs a role" page',
    role => {
      expect(mountedFor(scaffolderRoleModule, role)).toEqual([
        'page:scaffolder',
        'sub-page:scaffolder/editor',
      ]);
    },
  );

  it('registers components only for operators and admins', () => {
    expect(
      Object.fromEntries(
        ROLES.map(role => [role, mountedFor(catalogImportRoleModule, role)]),
      ),
    ).toEqual({
      viewer: ['page:catalog-import/needs-role'],
      operator: ['page:catalog-import'],
      admin: ['page:catalog-import'],
    });
  });

  it('names the permissions the way the app asks for them', () => {
    const predicates = [...extensionsOf(scaffolderRoleModule).values()];
    expect(predicates).toContainEqual({
      permissions: { $contains: 'scaffolder.task.create#create' },
    });
    expect(predicates).toContainEqual({
      permissions: { $contains: 'scaffolder.template.management' },
    });
  });
});
