import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  applySurvey,
  automationDeletePermission,
  automationEditPermission,
  automationReadPermission,
  HIDDEN_ANSWER,
  Schedule,
  scheduleInputSchema,
  ScheduleInput,
  schedulePreviewSchema,
  Template,
} from '@opssight/plugin-automation-common';
import { parseInput } from '@opssight/plugin-http-node';
import {
  checkoutRefusal,
  CredentialCheckout,
  VaultCipher,
  VaultService,
} from '@opssight/plugin-vault-node';
import { pageQuery } from '@opssight/plugin-validation-common';
import { z } from 'zod';
import { sealAnswers } from '../runs/runLauncher';
import { RouteContext } from '../service/context';
import type { TemplateLookup } from '../service/parts';
import { nextFireTimes } from './cronTimes';
import { ScheduleFields, ScheduleStore, StoredSchedule } from './ScheduleStore';

const page = pageQuery(500);
const listQuerySchema = z.strictObject({
  templateId: z.string().min(1, 'must not be empty').optional(),
  limit: page.limit.optional(),
  offset: page.offset.optional(),
});

/** `alice` for `user:default/alice`. */
const userName = (ref: string) => ref.replace(/^user:(default\/)?/i, '');

export function scheduleRoutes(deps: {
  store: ScheduleStore;
  templates: TemplateLookup;
  vault: Pick<VaultService, 'open' | 'describeCredential'>;
  cipher: VaultCipher;
}) {
  const { store, templates } = deps;

  function secretsOf(schedule: StoredSchedule): Record<string, string> {
    if (!schedule.sealedAnswers) return {};
    const checkout = JSON.parse(schedule.sealedAnswers) as CredentialCheckout;
    return JSON.parse(deps.vault.open(checkout).password ?? '{}');
  }

  /** As the API shows it: secret answers by name only. */
  function shown(schedule: StoredSchedule): Schedule {
    const { sealedAnswers: _s, ...rest } = schedule;
    const hidden = Object.fromEntries(
      Object.keys(secretsOf(schedule)).map(name => [name, HIDDEN_ANSWER]),
    );
    return { ...rest, answers: { ...rest.answers, ...hidden } };
  }

  /**
   * Scheduled runs use shared credentials only (see createRunLauncher): no one
   * is present to use a personal one. Said now rather than at the first fire.
   */
  async function refusePersonalCredentials(
    template: Template,
    credentials: BackstageCredentials,
  ) {
    for (const [field, credentialId] of [
      ['sshCredentialId', template.sshCredentialId],
      ['becomeCredentialId', template.becomeCredentialId],
      ['vaultCredentialId', template.vaultCredentialId],
    ] as const) {
      if (!credentialId) continue;
      let described;
      try {
        described = await deps.vault.describeCredential({
          credentialId,
          credentials,
        });
      } catch (error) {
        throw checkoutRefusal(error, { where: 'templateId', credentialId });
      }
      if (described?.scope !== 'shared') {
        throw new InputError(
          `templateId: the template '${template.name}' uses ${
            described ? `'${described.name}'` : 'a credential'
          } (${field}), which is not a shared credential; scheduled runs use shared credentials only, since no one is there to use a personal one`,
        );
      }
    }
  }

  /** The fields to store, checked against the template's survey now. */
  async function fieldsOf(
    input: ScheduleInput,
    credentials: BackstageCredentials,
    before?: StoredSchedule,
  ): Promise<ScheduleFields> {
    const [nextFireAt] = nextFireTimes(
      input.cron,
      input.timezone,
      new Date(),
      1,
    );
    let template: Template;
    try {
      template = await templates.get(input.templateId);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new InputError(
          `templateId: no template with id '${input.templateId}'`,
        );
      }
      throw error;
    }
    await refusePersonalCredentials(template, credentials);
    // A secret answer sent back as shown keeps the one stored.
    const kept = before ? secretsOf(before) : {};
    const answers = Object.fromEntries(
      Object.entries(input.answers).map(([name, value]) => [
        name,
        value === HIDDEN_ANSWER && name in kept ? kept[name] : value,
      ]),
    );
    const applied = applySurvey(template.survey, answers);
    if ('problems' in applied)
      throw new InputError(applied.problems.join('; '));
    return {
      templateId: input.templateId,
      name: input.name,
      cron: input.cron,
      timezone: input.timezone,
      enabled: input.enabled,
      catchUp: input.catchUp,
      answers: applied.vars,
      sealedAnswers: Object.keys(applied.secretVars).length
        ? JSON.stringify(sealAnswers(deps.cipher, applied.secretVars))
        : null,
      nextFireAt,
    };
  }

  return ({ router, guard, mayActOnOthers }: RouteContext) => {
    async function toChange(
      id: string,
      credentials: BackstageCredentials,
      actor: string,
    ): Promise<StoredSchedule> {
      const schedule = await store.get(id);
      if (schedule.owner !== actor && !(await mayActOnOthers(credentials))) {
        throw new NotAllowedError(
          `Only ${userName(schedule.owner)}, who created the schedule '${
            schedule.name
          }', or an Admin may change it`,
        );
      }
      return schedule;
    }

    router.get('/schedules', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const query = parseInput(listQuerySchema, req.query, 'query');
      const found = await store.list({
        templateId: query.templateId,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      res.json({
        items: found.rows.map(shown) as any,
        totalCount: found.totalCount,
      });
    });

    router.post('/schedules/preview', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const input = parseInput(schedulePreviewSchema, req.body, 'schedule');
      res.json({
        next: nextFireTimes(input.cron, input.timezone, new Date(), 5),
      });
    });

    router.post('/schedules', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const input = parseInput(scheduleInputSchema, req.body, 'schedule');
      const schedule = await guard.audited(
        req,
        'schedule-create',
        {
          templateId: input.templateId,
          name: input.name,
          cron: input.cron,
          timezone: input.timezone,
          enabled: input.enabled,
          catchUp: input.catchUp,
        },
        async event => {
          const created = await store.create(
            await fieldsOf(input, credentials),
            actor,
          );
          event.addMeta({ scheduleId: created.id });
          return created;
        },
      );
      res.status(201).json(shown(schedule) as any);
    });

    router.get('/schedules/:id', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      res.json(shown(await store.get(req.params.id)) as any);
    });

    router.put('/schedules/:id', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const input = parseInput(scheduleInputSchema, req.body, 'schedule');
      const schedule = await guard.audited(
        req,
        'schedule-update',
        {
          scheduleId: req.params.id,
          templateId: input.templateId,
          name: input.name,
          cron: input.cron,
          timezone: input.timezone,
          enabled: input.enabled,
          catchUp: input.catchUp,
        },
        async () => {
          const before = await toChange(req.params.id, credentials, actor);
          return store.update(
            before.id,
            await fieldsOf(input, credentials, before),
          );
        },
      );
      res.json(shown(schedule) as any);
    });

    router.delete('/schedules/:id', async (req, res) => {
      await guard.authorize(req, automationDeletePermission);
      await guard.audited(
        req,
        'schedule-delete',
        { scheduleId: req.params.id },
        () => store.delete(req.params.id),
      );
      res.status(204).end();
    });
  };
}
