import type {
  AuditActionList,
  AuditActionName,
  AuditEntryFilter,
  AuditEntryList,
  AuditVerifyResult,
} from '@opssight/plugin-audit-common';
import type { AuditApi, AuditEntryPageQuery, AuditExport } from './AuditApi';
import { PluginApiClient } from '@opssight/plugin-api-react';

/** The only place that knows the audit backend's URLs. */
export class AuditClient extends PluginApiClient implements AuditApi {
  protected readonly pluginId = 'audit';

  listEntries(query: AuditEntryPageQuery = {}): Promise<AuditEntryList> {
    return this.api.json('/entries', { query });
  }

  listActions(query: AuditEntryPageQuery = {}): Promise<AuditActionList> {
    return this.api.json('/actions', { query });
  }

  async listActionNames(): Promise<AuditActionName[]> {
    const { items } = await this.api.json<{ items: AuditActionName[] }>(
      '/action-names',
    );
    return items;
  }

  /**
   * Through fetchApi rather than a plain link, so the download carries the
   * user's token like every other request.
   */
  async exportEntries(filter: AuditEntryFilter = {}): Promise<AuditExport> {
    const response = await this.api.response('/export', { query: filter });
    // Cross-origin (app and backend on different hosts) the browser hides
    // Content-Disposition unless the backend exposes it: name it the same way.
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename =
      /filename="?([^";]+)"?/.exec(disposition)?.[1] ??
      `opssight-audit-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    return { blob: await response.blob(), filename };
  }

  verifyChain(): Promise<AuditVerifyResult> {
    return this.api.json('/verify');
  }
}
