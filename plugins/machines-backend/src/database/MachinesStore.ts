import {
  BulkRejectedRow,
  ConnectionResult,
  ListMachinesQuery,
  Machine,
  MachineGroup,
  MachineList,
  ValidMachineInput,
} from '@opssight/plugin-machines-common';
import { z } from 'zod';
import { groupInputSchema } from '@opssight/plugin-machines-common';

export type ValidGroupInput = z.output<typeof groupInputSchema>;

/** A machine to create, with the owner already resolved. */
export type NewMachine = ValidMachineInput & { owner: string };

export type TagCount = {
  name: string;
  machineCount: number;
};

/** Persistence for the machine registry. Not-found is NotFoundError, duplicates ConflictError. */
export interface MachinesStore {
  listMachines(query: ListMachinesQuery): Promise<MachineList>;
  getMachine(id: string): Promise<Machine>;
  getMachines(ids: string[]): Promise<Machine[]>;
  /**
   * The machines with any of these ids or at any of these IPs, each once, in
   * IP order; ids and IPs without a machine are left out.
   */
  lookupMachines(query: { ids?: string[]; ips?: string[] }): Promise<Machine[]>;
  /** Ids of every machine in a group (by name); NotFoundError for an unknown group. */
  getGroupMachineIds(groupName: string): Promise<string[]>;
  getAllMachineIds(): Promise<string[]>;
  createMachine(input: NewMachine): Promise<Machine>;
  /**
   * Stores each row that does not clash with an existing machine or an earlier row,
   * and reports the others; `line` is carried through from the input.
   */
  createMachines(
    rows: Array<{ line: number; text: string; input: NewMachine }>,
  ): Promise<{ created: Machine[]; rejected: BulkRejectedRow[] }>;
  updateMachine(id: string, input: NewMachine): Promise<Machine>;
  /** Returns the machine as it was before deletion. */
  deleteMachine(id: string): Promise<Machine>;
  /**
   * Pins a host key (its fingerprint and, when known, the key itself in
   * OpenSSH text form), or forgets it with `null`.
   */
  setHostKeyFingerprint(
    id: string,
    fingerprint: string | null,
    publicKey?: string | null,
  ): Promise<Machine>;
  recordCheck(result: ConnectionResult): Promise<void>;

  listGroups(): Promise<MachineGroup[]>;
  createGroup(input: ValidGroupInput): Promise<MachineGroup>;
  updateGroup(id: string, input: ValidGroupInput): Promise<MachineGroup>;
  deleteGroup(id: string): Promise<void>;
  listTags(): Promise<TagCount[]>;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}
