import { Snippet } from '@opssight/plugin-clusters-common';

/** A snippet as stored; whether the asking user may edit it is the router's answer. */
export type StoredSnippet = Omit<Snippet, 'canEdit'>;

/** A snippet as the API accepts it (after validation). */
export type SnippetInput = {
  name: string;
  description: string;
  script: string;
};

/** Saved scripts for bulk runs. Names are unique. */
export interface SnippetStore {
  /** By name. */
  list(): Promise<StoredSnippet[]>;
  /** NotFoundError for an unknown id. */
  get(id: string): Promise<StoredSnippet>;
  /** ConflictError when the name is taken. `createdBy` becomes its owner. */
  create(input: SnippetInput, createdBy: string): Promise<StoredSnippet>;
  /** NotFoundError for an unknown id; ConflictError when the new name is taken. */
  update(id: string, input: SnippetInput): Promise<StoredSnippet>;
  /** NotFoundError for an unknown id. */
  delete(id: string): Promise<StoredSnippet>;
}
