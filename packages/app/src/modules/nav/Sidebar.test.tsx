import { screen, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  NavContentNavItem,
  NavContentNavItems,
} from '@backstage/plugin-app-react';
import { OpsSightSidebar } from './Sidebar';

// The parts of the sidebar that bring APIs of their own are not under test here.
jest.mock('@backstage/plugin-search', () => ({
  SidebarSearchModal: () => null,
}));
jest.mock('@backstage/plugin-notifications', () => ({
  NotificationsSidebarItem: () => null,
}));
jest.mock('@backstage/plugin-user-settings', () => ({
  UserSettingsSignInAvatar: () => null,
}));

const userEvent = userEventLib.setup({ delay: null });

/** Every page's title and address, by its id after `page:`. */
const PAGES: Record<string, [string, string]> = {
  home: ['Home', '/'],
  catalog: ['Catalog', '/catalog'],
  machines: ['Machines', '/machines'],
  clusters: ['Clusters', '/clusters'],
  'api-docs': ['APIs', '/api-docs'],
  'catalog-graph': ['Catalog Graph', '/catalog-graph'],
  'user-settings': ['Settings', '/settings'],
  terminal: ['Terminal', '/terminal'],
  vault: ['Credentials', '/vault'],
  scaffolder: ['Create', '/create'],
  'catalog-import': ['Register Existing Component', '/catalog-import'],
  audit: ['Audit trail', '/audit'],
  access: ['Users', '/users'],
};

/** The pages each role mounts. */
const COMMON = Object.keys(PAGES).slice(0, 7);
const OPERATOR = Object.keys(PAGES).slice(0, 11);
const ADMIN = Object.keys(PAGES);

/** Nav items as the app resolves them: one per page the user's role mounted. */
function navItemsOf(pages: string[]): NavContentNavItems {
  const all: NavContentNavItem[] = pages.map(
    page =>
      ({
        node: { spec: { id: `page:${page}` } },
        title: PAGES[page][0],
        href: PAGES[page][1],
        icon: <span />,
        routeRef: {},
      } as unknown as NavContentNavItem),
  );
  const taken = new Set<string>();
  const items: NavContentNavItems = {
    take(id) {
      const item = all.find(i => i.node.spec.id === id && !taken.has(id));
      if (item) taken.add(id);
      return item;
    },
    rest: () => all.filter(i => !taken.has(i.node.spec.id)),
    clone: () => items,
    withComponent: Component => ({
      take(id) {
        const item = items.take(id);
        return item ? <Component key={id} {...item} /> : null;
      },
      rest: () =>
        items
          .rest()
          .map(item => <Component key={item.node.spec.id} {...item} />),
    }),
  };
  return items;
}

function linkNames() {
  return screen.getAllByRole('link').map(a => a.textContent);
}

describe('OpsSightSidebar', () => {
  it('lists the everyday pages first, admin pages after, and Backstage tooling collapsed', async () => {
    await renderInTestApp(<OpsSightSidebar navItems={navItemsOf(ADMIN)} />);
    expect(linkNames()).toEqual(
      expect.arrayContaining([
        'Home',
        'Catalog',
        'Machines',
        'Clusters',
        'Terminal',
        'Credentials',
        'Create',
        'Audit trail',
        'Users',
        'Settings',
      ]),
    );
    const names = linkNames();
    expect(names.indexOf('Create')).toBeLessThan(names.indexOf('Audit trail'));
    // Developer tools are one entry until opened.
    expect(screen.queryByRole('link', { name: 'APIs' })).toBeNull();
    expect(
      screen.queryByRole('link', { name: 'Register Existing Component' }),
    ).toBeNull();

    await userEvent.click(screen.getByText('Tools'));
    const opened = linkNames();
    expect(opened).toEqual(
      expect.arrayContaining([
        'APIs',
        'Catalog Graph',
        'Register Existing Component',
      ]),
    );
    // Sorted by title, after the admin pages.
    expect(opened.indexOf('APIs')).toBeGreaterThan(opened.indexOf('Users'));
    expect(opened.indexOf('APIs')).toBeLessThan(
      opened.indexOf('Catalog Graph'),
    );
  });

  it('shows a viewer only the pages the viewer role mounted', async () => {
    await renderInTestApp(<OpsSightSidebar navItems={navItemsOf(COMMON)} />);
    await userEvent.click(screen.getByText('Tools'));
    const names = linkNames();
    for (const hidden of [
      'Terminal',
      'Create',
      'Audit trail',
      'Users',
      'Register Existing Component',
    ]) {
      expect(names).not.toContain(hidden);
    }
    expect(names).toEqual(expect.arrayContaining(['Home', 'Machines', 'APIs']));
  });

  it('shows an operator Create and Terminal but no admin pages', async () => {
    await renderInTestApp(<OpsSightSidebar navItems={navItemsOf(OPERATOR)} />);
    const names = linkNames();
    expect(names).toEqual(expect.arrayContaining(['Terminal', 'Create']));
    expect(names).not.toContain('Users');
    expect(names).not.toContain('Audit trail');
  });

  it('opens the developer tools by itself when one of their pages is shown', async () => {
    await renderInTestApp(<OpsSightSidebar navItems={navItemsOf(OPERATOR)} />, {
      initialRouteEntries: ['/api-docs'],
    });
    const nav = screen.getByRole('navigation');
    expect(within(nav).getByRole('link', { name: 'APIs' })).toBeInTheDocument();
  });
});
