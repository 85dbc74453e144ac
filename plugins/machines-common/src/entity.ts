import { Machine } from './types';

/** Annotations and labels under which a machine's details appear on its catalog entity. */
export const MACHINE_ANNOTATIONS = {
  id: 'opssight.io/machine-id',
  ip: 'opssight.io/ip',
  hostname: 'opssight.io/hostname',
  application: 'opssight.io/application',
  sshPort: 'opssight.io/ssh-port',
  groups: 'opssight.io/groups',
} as const;

export const MACHINE_ENTITY_TYPE = 'machine';

export const DEFAULT_MACHINE_OWNER = 'group:default/platform-team';

/** Events topic on which the machines backend announces changes. */
export const MACHINES_EVENTS_TOPIC = 'opssight.machines';

/** Published on MACHINES_EVENTS_TOPIC after every change, carrying the machines as they now are (or were, when deleted). */
export type MachineChangeEvent =
  | { type: 'upserted'; machines: Machine[] }
  | { type: 'deleted'; machines: Machine[] };

/** Catalog entity name for a machine: its host name, made unique by the IP. */
export function machineEntityName(m: { hostname: string; ip: string }): string {
  const ip = m.ip.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '');
  const name = `${m.hostname.replace(/\./g, '-')}--${ip}`.toLowerCase();
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-_.]+$/, '');
}
