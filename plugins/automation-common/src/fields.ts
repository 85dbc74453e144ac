import { z } from 'zod';

/*
 * Fields several parts' request schemas share, worded once (not exported
 * from the package: the schemas are).
 */

/** The id of a thing a request refers to: `must be a project id` otherwise. */
export const idOf = (what: string) => z.uuid({ error: `must be ${what} id` });

/** The name users give an inventory or a template. */
export const nameSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/** What a thing is for, in the user's words; may be empty. */
export const descriptionSchema = z
  .string()
  .trim()
  .max(1000, 'must be at most 1000 characters');
