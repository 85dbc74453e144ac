import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  Machine,
  MACHINE_ANNOTATIONS,
  MACHINE_ENTITY_TYPE,
  machineEntityName,
} from '@opssight/plugin-machines-common';

export const LOCATION_KEY = 'opssight-machines';

/** Catalog tags allow fewer characters than machine tags: lower-case, the rest become '-'. */
export function toEntityTag(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** A machine as a catalog entity. Only registry fields: nothing secret ever goes here. */
export function machineToEntity(machine: Machine): Entity {
  const location = `opssight-machines:${machine.id}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: machineEntityName(machine),
      title: `${machine.hostname} (${machine.ip})`,
      description:
        machine.description ||
        [machine.application, `${machine.ip}:${machine.sshPort}`]
          .filter(Boolean)
          .join(' on '),
      tags: [...new Set(machine.tags.map(toEntityTag).filter(Boolean))],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [MACHINE_ANNOTATIONS.id]: machine.id,
        [MACHINE_ANNOTATIONS.ip]: machine.ip,
        [MACHINE_ANNOTATIONS.hostname]: machine.hostname,
        [MACHINE_ANNOTATIONS.application]: machine.application,
        [MACHINE_ANNOTATIONS.sshPort]: String(machine.sshPort),
        [MACHINE_ANNOTATIONS.groups]: machine.groups.join(','),
      },
    },
    spec: {
      type: MACHINE_ENTITY_TYPE,
      owner: machine.owner,
    },
  };
}
