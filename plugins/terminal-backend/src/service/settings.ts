import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { TerminalSettings } from '@opssight/plugin-terminal-common';

/** What the terminal needs from app-config, with defaults and checks. */
export type TerminalOptions = TerminalSettings & {
  retentionMs: number;
  /** Origins (scheme://host[:port]) allowed to open WebSockets. */
  allowedOrigins: string[];
  /** How often live sessions re-check their user's portal session and permission. */
  sessionCheckIntervalMs: number;
};

const DEFAULTS = {
  idleTimeout: { minutes: 15 },
  idleWarning: { minutes: 1 },
  maxDuration: { hours: 8 },
  retention: { days: 90 },
  sessionCheckInterval: { seconds: 30 },
};

function duration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  const ms = config?.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : durationToMilliseconds(fallback);
  if (!(ms > 0)) {
    throw new InputError(`terminal.${key} must be a positive duration`);
  }
  return ms;
}

export function readTerminalOptions(config: Config): TerminalOptions {
  const terminal = config.getOptionalConfig('terminal');
  const idleTimeoutMs = duration(terminal, 'idleTimeout', DEFAULTS.idleTimeout);
  // The warning comes before the timeout, however the two are configured.
  const idleWarningMs = Math.min(
    duration(terminal, 'idleWarning', DEFAULTS.idleWarning),
    Math.floor(idleTimeoutMs / 2),
  );
  const retentionMs = duration(
    terminal,
    'recording.retention',
    DEFAULTS.retention,
  );
  const maxSessionsPerUser =
    terminal?.getOptionalNumber('maxSessionsPerUser') ?? 5;
  if (!Number.isInteger(maxSessionsPerUser) || maxSessionsPerUser < 1) {
    throw new InputError(
      'terminal.maxSessionsPerUser must be a whole number of at least 1',
    );
  }
  const origins = [
    config.getString('app.baseUrl'),
    ...(terminal?.getOptionalStringArray('allowedOrigins') ?? []),
  ];
  return {
    idleTimeoutMs,
    idleWarningMs,
    maxDurationMs: duration(terminal, 'maxDuration', DEFAULTS.maxDuration),
    maxSessionsPerUser,
    recordInput: terminal?.getOptionalBoolean('recording.input') ?? false,
    retentionDays: Math.round((retentionMs / 86_400_000) * 100) / 100,
    retentionMs,
    allowedOrigins: origins.map(origin => new URL(origin).origin),
    sessionCheckIntervalMs: duration(
      terminal,
      'sessionCheckInterval',
      DEFAULTS.sessionCheckInterval,
    ),
  };
}

/** The part of the options the browser may see. */
export function publicSettings(options: TerminalOptions): TerminalSettings {
  const { retentionMs, allowedOrigins, sessionCheckIntervalMs, ...settings } =
    options;
  return settings;
}
