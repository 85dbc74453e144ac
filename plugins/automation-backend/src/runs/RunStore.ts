import { AutomationRun } from '@opssight/plugin-automation-common';
import { RowPage } from '@opssight/plugin-http-node';
import { AnsibleEvent } from '../ansible/events';
import { AnsibleInventory } from '../ansible/runPlaybook';

/** A run as stored: the record the API shows, and what a re-run needs. */
export type StoredRun = AutomationRun & {
  inventory: AnsibleInventory;
  /** The secret survey answers, sealed (a vault checkout as JSON); null when none. */
  sealedAnswers: string | null;
};

export type NewRun = Omit<StoredRun, 'status' | 'createdAt'>;

export type RunFilter = {
  templateId?: string;
  machineId?: string;
  status?: string;
  limit: number;
  offset: number;
};

/** The runs of the automation plugin: their records and their events. */
export interface RunStore {
  create(run: NewRun): Promise<StoredRun>;
  /** NotFoundError for an unknown run. */
  get(id: string): Promise<StoredRun>;
  /** Newest first. */
  list(filter: RunFilter): Promise<RowPage<AutomationRun>>;
  /** Runs whose status, as last seen, is not final. */
  live(): Promise<Array<{ id: string; status: string }>>;
  setStatus(id: string, status: string): Promise<void>;
  setCommit(id: string, commit: string): Promise<void>;
  /** Appends events numbered from `firstSeq`, in one insert. */
  appendEvents(
    runId: string,
    firstSeq: number,
    events: AnsibleEvent[],
  ): Promise<void>;
  /** All the run's events in order. */
  events(runId: string): Promise<AnsibleEvent[]>;
  /** Runs by status. */
  counts(): Promise<Record<string, number>>;
}
