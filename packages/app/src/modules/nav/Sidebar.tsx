import { useState } from 'react';
import { useLocation } from 'react-router-dom';
import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import {
  NavContentBlueprint,
  NavContentComponentProps,
  NavContentNavItem,
} from '@backstage/plugin-app-react';
import { SidebarLogo } from './SidebarLogo';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import BuildIcon from '@material-ui/icons/Build';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';

function NavItem(item: NavContentNavItem) {
  return (
    <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
  );
}

/**
 * Backstage's own tooling (APIs, the catalog graph, registering components,
 * whatever a new plugin adds): one collapsed entry, so the everyday pages and
 * the settings at the bottom fit a laptop screen. Open while one of its pages
 * is shown.
 */
function DeveloperTools(props: { items: NavContentNavItem[] }) {
  const { pathname } = useLocation();
  const current = props.items.some(
    item => item.href !== '/' && pathname.startsWith(item.href),
  );
  const [open, setOpen] = useState(false);
  if (props.items.length === 0) return null;
  const expanded = open || current;
  return (
    <>
      <SidebarItem
        icon={BuildIcon}
        text="Tools"
        onClick={() => setOpen(!expanded)}
        aria-expanded={expanded}
      >
        {expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
      </SidebarItem>
      {expanded &&
        props.items.map(item => <NavItem key={item.node.spec.id} {...item} />)}
    </>
  );
}

/**
 * The sidebar. Pages a role may not use have no entry at all: their page
 * extensions carry permission predicates (terminal, audit, users, Create…,
 * register), so only what the app resolved for this user is listed here.
 */
export function OpsSightSidebar({
  navItems,
}: Pick<NavContentComponentProps, 'navItems'>) {
  const nav = navItems.withComponent(NavItem);

  // Skipped items
  nav.take('page:search'); // Using search modal instead
  nav.take('page:notifications'); // Using NotificationsSidebarItem manually instead

  const main = [
    nav.take('page:home'),
    nav.take('page:catalog'),
    nav.take('page:machines'),
    nav.take('page:clusters'),
    nav.take('page:automation'),
    // Only for operators and admins (permission predicates on the pages).
    nav.take('page:terminal'),
    nav.take('page:vault'),
    nav.take('page:scaffolder'),
    // Only for admins.
    nav.take('page:audit'),
    nav.take('page:access'),
  ];
  const settings = [nav.take('page:user-settings')];
  // Backstage's developer tooling (APIs, Catalog Graph, the app Visualizer, …).
  const developerTools = navItems
    .rest()
    .slice()
    .sort((a, b) => a.title.localeCompare(b.title));

  return (
    <Sidebar>
      <SidebarLogo />
      <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
        <SidebarSearchModal />
      </SidebarGroup>
      <SidebarDivider />
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        <SidebarScrollWrapper>
          {main}
          <DeveloperTools items={developerTools} />
        </SidebarScrollWrapper>
      </SidebarGroup>
      <SidebarSpace />
      <SidebarDivider />
      <NotificationsSidebarItem />
      <SidebarDivider />
      <SidebarGroup
        label="Settings"
        icon={<UserSettingsSignInAvatar />}
        to="/settings"
      >
        {settings}
      </SidebarGroup>
    </Sidebar>
  );
}

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => <OpsSightSidebar navItems={navItems} />,
  },
});
