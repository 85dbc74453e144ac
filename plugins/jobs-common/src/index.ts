/**
 * The job engine's types, shared by `jobs-node` (the engine) and `jobs-react`
 * (the live views): jobs, per-target results, log chunks and the event stream.
 *
 * @packageDocumentation
 */
export * from './types';
