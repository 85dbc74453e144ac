import {
  Template,
  TemplateInput,
  TemplateList,
} from '@opssight/plugin-automation-common';

/** What a template is made of when it is saved. */
export type TemplateFields = TemplateInput;

export type ListTemplatesQuery = {
  projectId?: string;
  inventoryId?: string;
  limit?: number;
  offset?: number;
};

/** The automation plugin's templates (automation_templates). */
export interface TemplatesStore {
  list(query: ListTemplatesQuery): Promise<TemplateList>;
  /** NotFoundError when there is none. */
  get(id: string): Promise<Template>;
  /** ConflictError naming `name` when it is taken. */
  create(fields: TemplateFields, owner: string): Promise<Template>;
  /** Replaces the fields; ConflictError naming `name` when taken, NotFoundError when gone. */
  update(id: string, fields: TemplateFields): Promise<Template>;
  /** NotFoundError when there is none. */
  delete(id: string): Promise<void>;
  /** Names of the templates that use the project or the inventory, in order. */
  namesUsing(
    what: { projectId: string } | { inventoryId: string },
  ): Promise<string[]>;
}
