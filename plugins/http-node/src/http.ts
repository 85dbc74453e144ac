import { CustomErrorBase, InputError } from '@backstage/errors';
import {
  describeIssues,
  wellFormedText,
} from '@opssight/plugin-validation-common';
import express, { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

/** 429: too many wrong passwords. Throw it from {@link tooManyAttempts}, which sets Retry-After. */
export class TooManyAttemptsError extends CustomErrorBase {
  name = 'TooManyAttemptsError' as const;
  statusCode = 429;
}

/** Sets `Retry-After` on the response and returns the 429 to throw. */
export function tooManyAttempts(
  res: Response,
  retryAfterSeconds: number,
  message: string,
): TooManyAttemptsError {
  res.set('Retry-After', String(retryAfterSeconds));
  return new TooManyAttemptsError(message);
}

/**
 * express.json, with a malformed or oversized body reported as the 400 it is
 * (without echoing the body, which may hold a secret).
 */
export function jsonBody(options: { limitKb: number }): RequestHandler {
  const json = express.json({ limit: `${options.limitKb}kb` });
  return (req, res, next) =>
    json(req, res, error => {
      if (!error) {
        next();
      } else if (error.type === 'entity.too.large') {
        next(
          new InputError(`Request body is larger than ${options.limitKb} kB`),
        );
      } else {
        next(new InputError('Malformed JSON body'));
      }
    });
}

/** {@link jsonBody} inside a handler: resolves to the parsed body. */
export function readJsonBody(
  req: Request,
  res: Response,
  options: { limitKb: number },
): Promise<unknown> {
  return new Promise((resolve, reject) =>
    jsonBody(options)(req, res, error =>
      error ? reject(error) : resolve(req.body),
    ),
  );
}

/**
 * The parsed value, or a 400 naming every bad field in the words every
 * OpsSight API uses (`Invalid <where>: field: problem; …`), never echoing the
 * value itself (it may hold a secret). Text that cannot be stored as sent (a
 * lone UTF-16 surrogate, NUL) is refused here for every schema:
 * `name: contains malformed Unicode`.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = wellFormedText(schema).safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${where}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** Resolves once a response that refused a write can take more, or is closed. */
export function drainedOrClosed(res: Response): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
