import { Snippet } from '@opssight/plugin-clusters-common';

/** A snippet as the API accepts it (after validation). */
export type SnippetInput = {
  name: string;
  description: string;
  script: string;
};

/** Saved scripts for bulk runs. Names are unique. */
export interface SnippetStore {
  /** By name. */
  list(): Promise<Snippet[]>;
  /** NotFoundError for an unknown id. */
  get(id: string): Promise<Snippet>;
  /** ConflictError when the name is taken. */
  create(input: SnippetInput, createdBy: string): Promise<Snippet>;
  /** NotFoundError for an unknown id; ConflictError when the new name is taken. */
  update(id: string, input: SnippetInput): Promise<Snippet>;
  /** NotFoundError for an unknown id. */
  delete(id: string): Promise<Snippet>;
}
