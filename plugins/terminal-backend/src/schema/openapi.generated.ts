// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.
/* eslint-disable */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "terminal",
    "version": "1",
    "description": "OpsSight web terminal. Mounted at /api/terminal. Every request needs a\nsigned-in user (terminals are opened by people, not services) and a\npermission: opening a terminal is for Operators and Admins; Operators\nwatch their own recordings, Admins everyone's, Viewers none.\n\nOpening a terminal is two steps. `POST /sessions` checks the machine, the\npinned host key, the credential and the limits, and answers a session id\nand the path of its WebSocket. The WebSocket (`GET /sessions/{id}/stream`\nwith `Upgrade: websocket`, not described here because OpenAPI cannot)\nmust come within 60 s from an Origin equal to app.baseUrl's, from the same\nuser, whose token travels in the subprotocols\n`opssight.terminal.v1, opssight.bearer.<base64url token>`, never in the\nURL. Binary frames carry the terminal's bytes both ways; text frames carry\nJSON control messages (see @opssight/plugin-terminal-common).\n",
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
    "/settings": {
      "get": {
        "operationId": "getSettings",
        "description": "The terminal's limits, as configured.",
        "responses": {
          "200": {
            "description": "Limits and recording settings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Settings"
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
    "/sessions": {
      "post": {
        "operationId": "openSession",
        "description": "Reserves a terminal session on a registered machine, logging in with a\nvault credential (the machine's default credential when none is named).\n409 when the machine's host key was never pinned (run a connection test\nfirst), 429 when the user has too many sessions open.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "machineId"
                ],
                "properties": {
                  "machineId": {
                    "type": "string"
                  },
                  "credentialId": {
                    "type": "string"
                  },
                  "cols": {
                    "type": "integer",
                    "minimum": 2,
                    "maximum": 1000,
                    "default": 80
                  },
                  "rows": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 1000,
                    "default": 24
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The session, waiting for its WebSocket.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OpenSession"
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
    "/recordings": {
      "get": {
        "operationId": "listRecordings",
        "description": "Sessions and their recordings, newest first; an Operator's own only.",
        "parameters": [
          {
            "name": "user",
            "in": "query",
            "required": false,
            "description": "User entity ref, exact. Operators may name only themselves.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "machineId",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "from",
            "in": "query",
            "required": false,
            "description": "Sessions started at or after; ISO 8601 date-time with zone.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "description": "Sessions started before; ISO 8601 date-time with zone.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
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
            "description": "A page of recordings and the total count.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "totalCount"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Recording"
                      }
                    },
                    "totalCount": {
                      "type": "integer"
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
    "/recordings/{id}": {
      "get": {
        "operationId": "getRecording",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "One session and its recording's facts.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Recording"
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
    "/recordings/{id}/cast": {
      "get": {
        "operationId": "downloadRecording",
        "description": "The recording as an asciicast v2 file (header line, then events).",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "asciicast v2.",
            "content": {
              "application/x-asciicast": {
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
    }
  },
  "components": {
    "parameters": {
      "id": {
        "name": "id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "ErrorResponse": {
        "description": "An error, e.g. 400 naming the field, 401, 403, 404, 409, 429.",
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
      "Settings": {
        "type": "object",
        "required": [
          "idleTimeoutMs",
          "idleWarningMs",
          "maxDurationMs",
          "maxSessionsPerUser",
          "recordInput",
          "retentionDays"
        ],
        "properties": {
          "idleTimeoutMs": {
            "type": "integer"
          },
          "idleWarningMs": {
            "type": "integer"
          },
          "maxDurationMs": {
            "type": "integer"
          },
          "maxSessionsPerUser": {
            "type": "integer"
          },
          "recordInput": {
            "type": "boolean"
          },
          "retentionDays": {
            "type": "number"
          }
        }
      },
      "OpenSession": {
        "type": "object",
        "required": [
          "sessionId",
          "streamPath",
          "machine",
          "credentialId"
        ],
        "properties": {
          "sessionId": {
            "type": "string"
          },
          "streamPath": {
            "type": "string"
          },
          "machine": {
            "type": "object",
            "required": [
              "id",
              "hostname",
              "ip"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "hostname": {
                "type": "string"
              },
              "ip": {
                "type": "string"
              }
            }
          },
          "credentialId": {
            "type": "string"
          }
        }
      },
      "Recording": {
        "type": "object",
        "required": [
          "id",
          "userRef",
          "machineId",
          "machineHostname",
          "machineIp",
          "credentialId",
          "username",
          "cols",
          "rows",
          "startedAt",
          "endedAt",
          "endReason",
          "lastEventAt",
          "bytesOut",
          "hasInput"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "userRef": {
            "type": "string"
          },
          "machineId": {
            "type": "string"
          },
          "machineHostname": {
            "type": "string"
          },
          "machineIp": {
            "type": "string"
          },
          "credentialId": {
            "type": "string"
          },
          "username": {
            "type": "string"
          },
          "cols": {
            "type": "integer"
          },
          "rows": {
            "type": "integer"
          },
          "startedAt": {
            "type": "string"
          },
          "endedAt": {
            "type": [
              "string",
              "null"
            ]
          },
          "endReason": {
            "type": [
              "string",
              "null"
            ]
          },
          "lastEventAt": {
            "type": [
              "string",
              "null"
            ]
          },
          "bytesOut": {
            "type": "integer"
          },
          "hasInput": {
            "type": "boolean"
          }
        }
      }
    }
  }
} as const;
