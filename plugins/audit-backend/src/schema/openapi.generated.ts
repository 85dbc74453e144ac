// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.
/* eslint-disable */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "audit",
    "version": "1",
    "description": "OpsSight audit trail: every audited action of every plugin, hash-chained.\nMounted at /api/audit. Every request needs a Backstage identity (a user\nsession, a service token, or the static API token from OPSSIGHT_API_TOKEN)\nand the opssight.audit.read permission; a denied request is itself recorded\nin the trail. Filters are validated by the service, which names each bad or\nunknown one in a 400.\n",
    "license": {
      "name": "UNLICENSED"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "paths": {
    "/entries": {
      "get": {
        "operationId": "listEntries",
        "description": "A page of entries, newest first.",
        "parameters": [
          {
            "$ref": "#/components/parameters/actor"
          },
          {
            "$ref": "#/components/parameters/action"
          },
          {
            "$ref": "#/components/parameters/target"
          },
          {
            "$ref": "#/components/parameters/plugin"
          },
          {
            "$ref": "#/components/parameters/outcome"
          },
          {
            "$ref": "#/components/parameters/requestId"
          },
          {
            "$ref": "#/components/parameters/from"
          },
          {
            "$ref": "#/components/parameters/to"
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Matching entries and their total count.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditEntryList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/actions": {
      "get": {
        "operationId": "listActions",
        "description": "A page of actions, newest first: one item per audited action, made of\nthe entry written before it ran (start) and the entry with its outcome\n(end, which names start by initiatedSeq; null while the action runs).\nBoth remain separate links of the chain. Filters apply to the action;\noutcome to how it ended. The target is named where the trail or the\ncatalog can tell what it is.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/actor"
          },
          {
            "$ref": "#/components/parameters/action"
          },
          {
            "$ref": "#/components/parameters/target"
          },
          {
            "$ref": "#/components/parameters/plugin"
          },
          {
            "$ref": "#/components/parameters/outcome"
          },
          {
            "$ref": "#/components/parameters/requestId"
          },
          {
            "$ref": "#/components/parameters/from"
          },
          {
            "$ref": "#/components/parameters/to"
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Matching actions and their total count.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditActionList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/action-names": {
      "get": {
        "operationId": "listActionNames",
        "description": "Every plugin and action that occurs in the trail, for a filter.",
        "responses": {
          "200": {
            "description": "Plugin and action pairs, sorted.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "plugin",
                          "action"
                        ],
                        "properties": {
                          "plugin": {
                            "type": "string"
                          },
                          "action": {
                            "type": "string"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/export": {
      "get": {
        "operationId": "exportEntries",
        "description": "Every matching entry in chain order (oldest first), one JSON object per\nline, streamed as a file download. Unfiltered, each line's prevHash is\nthe previous line's hash.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/actor"
          },
          {
            "$ref": "#/components/parameters/action"
          },
          {
            "$ref": "#/components/parameters/target"
          },
          {
            "$ref": "#/components/parameters/plugin"
          },
          {
            "$ref": "#/components/parameters/outcome"
          },
          {
            "$ref": "#/components/parameters/requestId"
          },
          {
            "$ref": "#/components/parameters/from"
          },
          {
            "$ref": "#/components/parameters/to"
          }
        ],
        "responses": {
          "200": {
            "description": "JSON Lines, one AuditEntry per line.",
            "content": {
              "application/x-ndjson": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/verify": {
      "get": {
        "operationId": "verifyChain",
        "description": "Walks the whole chain in seq order and reports every broken link (the\nfirst 1,000, and how many in all): an altered entry, a changed hash, a\nrewritten link or deleted entries. firstBroken repeats the first.\n",
        "responses": {
          "200": {
            "description": "The result, ok or not.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditVerifyResult"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    }
  },
  "components": {
    "parameters": {
      "actor": {
        "name": "actor",
        "in": "query",
        "required": false,
        "description": "User entity ref or service subject, exact.",
        "schema": {
          "type": "string"
        }
      },
      "action": {
        "name": "action",
        "in": "query",
        "required": false,
        "description": "Event id, exact (e.g. machine-create).",
        "schema": {
          "type": "string"
        }
      },
      "target": {
        "name": "target",
        "in": "query",
        "required": false,
        "description": "Target, exact.",
        "schema": {
          "type": "string"
        }
      },
      "plugin": {
        "name": "plugin",
        "in": "query",
        "required": false,
        "description": "Plugin id, exact.",
        "schema": {
          "type": "string"
        }
      },
      "outcome": {
        "name": "outcome",
        "in": "query",
        "required": false,
        "schema": {
          "type": "string",
          "enum": [
            "initiated",
            "succeeded",
            "failed",
            "denied"
          ]
        }
      },
      "requestId": {
        "name": "requestId",
        "in": "query",
        "required": false,
        "description": "Every entry written while serving one HTTP request.",
        "schema": {
          "type": "string"
        }
      },
      "from": {
        "name": "from",
        "in": "query",
        "required": false,
        "description": "Inclusive; ISO 8601 date, or date-time with zone.",
        "schema": {
          "type": "string"
        }
      },
      "to": {
        "name": "to",
        "in": "query",
        "required": false,
        "description": "Exclusive; ISO 8601 date, or date-time with zone.",
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "ErrorResponse": {
        "description": "An error, e.g. 400 for a bad filter (the message names it), 401, 403.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "name",
              "message"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "AuditEntry": {
        "type": "object",
        "required": [
          "seq",
          "time",
          "plugin",
          "actor",
          "action",
          "target",
          "outcome",
          "severity",
          "requestId",
          "clientRequestId",
          "initiatedSeq",
          "clientAddress",
          "details",
          "prevHash",
          "hash"
        ],
        "properties": {
          "seq": {
            "type": "integer",
            "description": "Chain order: 1, 2, 3, …"
          },
          "time": {
            "type": "string",
            "description": "ISO 8601 UTC."
          },
          "plugin": {
            "type": "string"
          },
          "actor": {
            "type": "string"
          },
          "action": {
            "type": "string",
            "description": "The auditor's event id."
          },
          "target": {
            "type": [
              "string",
              "null"
            ]
          },
          "outcome": {
            "type": "string",
            "enum": [
              "initiated",
              "succeeded",
              "failed",
              "denied"
            ]
          },
          "severity": {
            "type": "string",
            "enum": [
              "low",
              "medium",
              "high",
              "critical"
            ]
          },
          "requestId": {
            "type": "string",
            "description": "Assigned by the server",
            "one per HTTP request.": null
          },
          "clientRequestId": {
            "type": [
              "string",
              "null"
            ],
            "description": "The X-Request-Id the client sent (at most 128 characters)."
          },
          "initiatedSeq": {
            "type": [
              "integer",
              "null"
            ],
            "description": "On an outcome entry, the seq of its action's initiated entry."
          },
          "clientAddress": {
            "type": [
              "string",
              "null"
            ]
          },
          "details": {
            "type": "object",
            "description": "Event meta, request method and URL, error; never secrets.",
            "additionalProperties": true
          },
          "prevHash": {
            "type": "string"
          },
          "hash": {
            "type": "string"
          }
        }
      },
      "AuditEntryList": {
        "type": "object",
        "required": [
          "items",
          "totalCount"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditEntry"
            }
          },
          "totalCount": {
            "type": "integer"
          }
        }
      },
      "AuditActionList": {
        "type": "object",
        "required": [
          "items",
          "totalCount"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditAction"
            }
          },
          "totalCount": {
            "type": "integer"
          }
        }
      },
      "AuditAction": {
        "type": "object",
        "required": [
          "start",
          "end",
          "outcome",
          "target"
        ],
        "properties": {
          "start": {
            "$ref": "#/components/schemas/AuditEntry"
          },
          "end": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/AuditEntry"
              },
              {
                "type": "null"
              }
            ]
          },
          "outcome": {
            "type": "string",
            "enum": [
              "initiated",
              "succeeded",
              "failed",
              "denied"
            ]
          },
          "target": {
            "oneOf": [
              {
                "type": "object",
                "required": [
                  "text"
                ],
                "properties": {
                  "text": {
                    "type": "string",
                    "description": "The target as written in the entry."
                  },
                  "kind": {
                    "type": "string",
                    "enum": [
                      "machine",
                      "machine-group",
                      "cluster",
                      "credential",
                      "user",
                      "run",
                      "recording",
                      "snippet"
                    ]
                  },
                  "id": {
                    "type": "string"
                  },
                  "name": {
                    "type": "string"
                  },
                  "entityRef": {
                    "type": "string"
                  }
                }
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "BrokenLink": {
        "type": "object",
        "required": [
          "seq",
          "reason"
        ],
        "properties": {
          "seq": {
            "type": "integer"
          },
          "reason": {
            "type": "string"
          }
        }
      },
      "AuditVerifyResult": {
        "type": "object",
        "required": [
          "ok",
          "checked",
          "broken",
          "brokenCount"
        ],
        "properties": {
          "ok": {
            "type": "boolean"
          },
          "checked": {
            "type": "integer",
            "description": "Entries walked."
          },
          "broken": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/BrokenLink"
            }
          },
          "brokenCount": {
            "type": "integer"
          },
          "firstBroken": {
            "$ref": "#/components/schemas/BrokenLink"
          }
        }
      }
    }
  }
} as const;
