/**
 * Bulk script runs on machines and cluster nodes (jobs of kind
 * `bulk-script`) and saved snippets.
 */
export { bulkScriptHandler } from './bulkScriptHandler';
export type {
  BulkScriptHandlerOptions,
  RunTargetMeta,
} from './bulkScriptHandler';
export { createRunsRouter } from './router';
export type { RunsRouterOptions } from './router';
export type { ResolveClusterNodes } from './RunTargets';
export type { SnippetStore, SnippetInput } from './SnippetStore';
