import { InputError } from '@backstage/errors';
import { CronTime } from 'cron';

/** The time zone as Intl knows it, or a 400 naming `timezone`. */
function checkedZone(timezone: string): string {
  try {
    Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions();
  } catch {
    throw new InputError(
      `timezone: '${timezone}' is not a time zone; use an IANA name such as Europe/Paris or UTC`,
    );
  }
  return timezone;
}

/** The parsed expression, or a 400 naming `cron` (or `timezone`). */
export function cronTime(cron: string, timezone: string): CronTime {
  const zone = checkedZone(timezone);
  try {
    return new CronTime(cron, zone);
  } catch (error) {
    throw new InputError(
      `cron: '${cron}' is not a cron expression (${
        (error as Error).message
      }); use five fields: minute hour day-of-month month day-of-week, e.g. '0 3 * * 1-5'`,
    );
  }
}

/** The next `count` fire times strictly after `after`, as ISO strings in UTC. */
export function nextFireTimes(
  cron: string,
  timezone: string,
  after: Date,
  count: number,
): string[] {
  const time = cronTime(cron, timezone);
  const out: string[] = [];
  let from = after;
  for (let i = 0; i < count; i++) {
    const next = time.getNextDateFrom(from, timezone).toJSDate();
    out.push(next.toISOString());
    from = next;
  }
  return out;
}
