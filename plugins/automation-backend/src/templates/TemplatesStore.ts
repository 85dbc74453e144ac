import { Template, TemplateInput } from '@opssight/plugin-automation-common';
import { NamedStore } from '../service/namedRows';

/** What a template is made of when it is saved. */
export type TemplateFields = TemplateInput;

export type ListTemplatesQuery = {
  projectId?: string;
  inventoryId?: string;
  limit?: number;
  offset?: number;
};

/** The automation plugin's templates (automation_templates). */
export interface TemplatesStore
  extends NamedStore<Template, TemplateFields, ListTemplatesQuery> {
  /** Names of the templates that use the project or the inventory, in order. */
  namesUsing(
    what: { projectId: string } | { inventoryId: string },
  ): Promise<string[]>;
}
