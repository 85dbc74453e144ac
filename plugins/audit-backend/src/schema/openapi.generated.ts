// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.
/* eslint-disable */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'audit',
    version: '1',
    description:
      'OpsSight audit trail: every audited action of every plugin, hash-chained.\nMounted at /api/audit. Every request needs a Backstage identity (a user\nsession, a service token, or the static API token from OPSSIGHT_API_TOKEN)\nand the opssight.audit.read permission; a denied request is itself recorded\nin the trail. Filters are validated by the service, which names each bad or\nunknown one in a 400.\n',
    license: {
      name: 'UNLICENSED',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/entries': {
      get: {
        operationId: 'listEntries',
        description: 'A page of entries, newest first.',
        parameters: [
          {
            $ref: '#/components/parameters/actor',
          },
          {
            $ref: '#/components/parameters/action',
          },
          {
            $ref: '#/components/parameters/target',
          },
          {
            $ref: '#/components/parameters/plugin',
          },
          {
            $ref: '#/components/parameters/outcome',
          },
          {
            $ref: '#/components/parameters/requestId',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              default: 100,
            },
          },
          {
            name: 'offset',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 0,
              default: 0,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Matching entries and their total count.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditEntryList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/export': {
      get: {
        operationId: 'exportEntries',
        description:
          "Every matching entry in chain order (oldest first), one JSON object per\nline, streamed as a file download. Unfiltered, each line's prevHash is\nthe previous line's hash.\n",
        parameters: [
          {
            $ref: '#/components/parameters/actor',
          },
          {
            $ref: '#/components/parameters/action',
          },
          {
            $ref: '#/components/parameters/target',
          },
          {
            $ref: '#/components/parameters/plugin',
          },
          {
            $ref: '#/components/parameters/outcome',
          },
          {
            $ref: '#/components/parameters/requestId',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
        ],
        responses: {
          '200': {
            description: 'JSON Lines, one AuditEntry per line.',
            content: {
              'application/x-ndjson': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/verify': {
      get: {
        operationId: 'verifyChain',
        description:
          'Walks the whole chain in seq order and reports the first broken link:\nan altered entry, a changed hash or a deleted entry.\n',
        responses: {
          '200': {
            description: 'The result, ok or not.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditVerifyResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      actor: {
        name: 'actor',
        in: 'query',
        required: false,
        description: 'User entity ref or service subject, exact.',
        schema: {
          type: 'string',
        },
      },
      action: {
        name: 'action',
        in: 'query',
        required: false,
        description: 'Event id, exact (e.g. machine-create).',
        schema: {
          type: 'string',
        },
      },
      target: {
        name: 'target',
        in: 'query',
        required: false,
        description: 'Target, exact.',
        schema: {
          type: 'string',
        },
      },
      plugin: {
        name: 'plugin',
        in: 'query',
        required: false,
        description: 'Plugin id, exact.',
        schema: {
          type: 'string',
        },
      },
      outcome: {
        name: 'outcome',
        in: 'query',
        required: false,
        schema: {
          type: 'string',
          enum: ['initiated', 'succeeded', 'failed', 'denied'],
        },
      },
      requestId: {
        name: 'requestId',
        in: 'query',
        required: false,
        description: 'Every entry written while serving one HTTP request.',
        schema: {
          type: 'string',
        },
      },
      from: {
        name: 'from',
        in: 'query',
        required: false,
        description: 'Inclusive; ISO 8601 date, or date-time with zone.',
        schema: {
          type: 'string',
        },
      },
      to: {
        name: 'to',
        in: 'query',
        required: false,
        description: 'Exclusive; ISO 8601 date, or date-time with zone.',
        schema: {
          type: 'string',
        },
      },
    },
    responses: {
      ErrorResponse: {
        description:
          'An error, e.g. 400 for a bad filter (the message names it), 401, 403.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
        },
      },
      AuditEntry: {
        type: 'object',
        required: [
          'seq',
          'time',
          'plugin',
          'actor',
          'action',
          'target',
          'outcome',
          'severity',
          'requestId',
          'clientAddress',
          'details',
          'prevHash',
          'hash',
        ],
        properties: {
          seq: {
            type: 'integer',
            description: 'Chain order: 1, 2, 3, …',
          },
          time: {
            type: 'string',
            description: 'ISO 8601 UTC.',
          },
          plugin: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          action: {
            type: 'string',
            description: "The auditor's event id.",
          },
          target: {
            type: ['string', 'null'],
          },
          outcome: {
            type: 'string',
            enum: ['initiated', 'succeeded', 'failed', 'denied'],
          },
          severity: {
            type: 'string',
            enum: ['low', 'medium', 'high', 'critical'],
          },
          requestId: {
            type: 'string',
          },
          clientAddress: {
            type: ['string', 'null'],
          },
          details: {
            type: 'object',
            description:
              'Event meta, request method and URL, error; never secrets.',
            additionalProperties: true,
          },
          prevHash: {
            type: 'string',
          },
          hash: {
            type: 'string',
          },
        },
      },
      AuditEntryList: {
        type: 'object',
        required: ['items', 'totalCount'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditEntry',
            },
          },
          totalCount: {
            type: 'integer',
          },
        },
      },
      AuditVerifyResult: {
        type: 'object',
        required: ['ok', 'checked'],
        properties: {
          ok: {
            type: 'boolean',
          },
          checked: {
            type: 'integer',
            description: 'Entries walked.',
          },
          firstBroken: {
            type: 'object',
            required: ['seq', 'reason'],
            properties: {
              seq: {
                type: 'integer',
              },
              reason: {
                type: 'string',
              },
            },
          },
        },
      },
    },
  },
} as const;
