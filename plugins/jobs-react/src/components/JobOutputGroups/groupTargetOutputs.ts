import type {
  JobTarget,
  TargetErrorKind,
  TargetStatus,
} from '@opssight/plugin-jobs-common';
import { TARGET_ERROR_LABEL, TARGET_STATUS_LOOK } from '../../status';

/**
 * Targets that ended the same way and printed the same thing.
 *
 * @public
 */
export type TargetOutputGroup = {
  /** Stable while the group's content is the same. */
  key: string;
  /** In the job's order. */
  targets: JobTarget[];
  status: TargetStatus;
  exitCode: number | null;
  errorKind: TargetErrorKind | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** The targets' distinct error messages (they often name the host, so differ). */
  errorMessages: string[];
  /** True when the group's targets failed. */
  failed: boolean;
};

/**
 * What {@link groupTargetOutputs} returns.
 *
 * @public
 */
export type GroupedTargetOutputs = {
  /** Biggest first; among equal sizes failures first, then in the job's order. */
  groups: TargetOutputGroup[];
  /** Pending or running targets: their output is not final, so not grouped. */
  unfinished: JobTarget[];
};

/**
 * Groups finished targets with the same exit code, stdout, stderr and error
 * kind (and status), the way `clush -b` gathers identical outputs, so the
 * output of 200 hosts reads as a few blocks.
 *
 * @public
 */
export function groupTargetOutputs(
  targets: readonly JobTarget[],
): GroupedTargetOutputs {
  const byKey = new Map<string, TargetOutputGroup & { first: number }>();
  const unfinished: JobTarget[] = [];
  targets.forEach((target, index) => {
    if (target.status === 'pending' || target.status === 'running') {
      unfinished.push(target);
      return;
    }
    const key = JSON.stringify([
      target.status,
      target.exitCode,
      target.errorKind,
      target.stdout,
      target.stderr,
      target.stdoutTruncated,
      target.stderrTruncated,
    ]);
    const group = byKey.get(key);
    if (group) {
      group.targets.push(target);
      if (
        target.errorMessage &&
        !group.errorMessages.includes(target.errorMessage)
      ) {
        group.errorMessages.push(target.errorMessage);
      }
      return;
    }
    byKey.set(key, {
      key,
      first: index,
      targets: [target],
      status: target.status,
      exitCode: target.exitCode,
      errorKind: target.errorKind,
      stdout: target.stdout,
      stderr: target.stderr,
      stdoutTruncated: target.stdoutTruncated,
      stderrTruncated: target.stderrTruncated,
      errorMessages: target.errorMessage ? [target.errorMessage] : [],
      failed: target.status === 'failed',
    });
  });

  const groups = [...byKey.values()]
    .sort(
      (a, b) =>
        b.targets.length - a.targets.length ||
        Number(b.failed) - Number(a.failed) ||
        a.first - b.first,
    )
    .map(({ first: _, ...group }) => group);
  return { groups, unfinished };
}

/**
 * How a group ended, in a few words: `exit 0`, `unreachable`, `cancelled`.
 *
 * @public
 */
export function describeGroupResult(
  group: Pick<TargetOutputGroup, 'status' | 'exitCode' | 'errorKind'>,
): string {
  const parts: string[] = [];
  if (group.exitCode !== null) parts.push(`exit ${group.exitCode}`);
  if (
    group.errorKind &&
    (group.errorKind !== 'exec' || group.exitCode === null)
  ) {
    parts.push(TARGET_ERROR_LABEL[group.errorKind]);
  }
  if (parts.length === 0) {
    parts.push(TARGET_STATUS_LOOK[group.status].label.toLowerCase());
  }
  return parts.join(' · ');
}
