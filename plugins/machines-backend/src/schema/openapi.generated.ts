// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.
/* eslint-disable */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "machines",
    "version": "1",
    "description": "OpsSight machine registry: machines (IP, host name, application, groups, tags),\ngroups, bulk import and connection tests. Mounted at /api/machines.\nEvery request needs a Backstage identity: a user session, a service token, or\nthe static API token from OPSSIGHT_API_TOKEN (`Authorization: Bearer …`).\n",
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
    "/machines": {
      "get": {
        "operationId": "listMachines",
        "description": "List machines, with search, filters, pagination and sort.",
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Substring of IP, host name or application."
          },
          {
            "name": "group",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "tag",
            "in": "query",
            "required": false,
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
              "maximum": 1000
            }
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "orderBy",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "ip",
                "hostname",
                "application",
                "createdAt",
                "updatedAt"
              ]
            }
          },
          {
            "name": "order",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "asc",
                "desc"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of machines.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MachineList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "post": {
        "operationId": "createMachine",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MachineInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Machine"
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
    "/machines/lookup": {
      "post": {
        "operationId": "lookupMachines",
        "description": "The machines with any of the given ids or at any of the given IPs (exact\nmatches), each once, in IP order; ids and IPs without a machine are left\nout. At most 1000 of each (400 `ids: …` / `ips: …` beyond). For backends\nthat need a handful of machines, instead of paging through the list.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "ids": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "ips": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The machines found.",
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
                        "$ref": "#/components/schemas/Machine"
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
    "/machines/{id}": {
      "get": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "getMachine",
        "responses": {
          "200": {
            "description": "The machine.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Machine"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "put": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "updateMachine",
        "description": "Replace a machine's fields (fields left out take their defaults).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MachineInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Updated.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Machine"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "delete": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "deleteMachine",
        "description": "Deletes a machine, unless it is a node of a cluster (409 naming the clusters:\nremove it from them through the clusters API first).\n",
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/machines/{id}/host-key": {
      "delete": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "forgetHostKey",
        "description": "Forget the pinned host key; the next successful connection test pins the key it sees.",
        "responses": {
          "200": {
            "description": "The machine, with no pinned key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Machine"
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
    "/machines/{id}/known-hosts": {
      "get": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "getKnownHosts",
        "description": "The machine's known_hosts line for its pinned host key (`host type key`\non port 22, `[host]:port type key` otherwise), as text to append to\n`~/.ssh/known_hosts`. 409 while no key is pinned, or only its\nfingerprint is kept (the next successful connection test keeps the key).\n",
        "responses": {
          "200": {
            "description": "One known_hosts line.",
            "content": {
              "text/plain": {
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
    "/bulk-imports": {
      "post": {
        "operationId": "bulkImport",
        "description": "Add machines from pasted text or a CSV file: one machine per line,\n`ip,hostname,application,groups,tags`, groups and tags separated by `;` or `|`.\nA header line is optional. At most 5000 lines and 1 MiB of text (400 `text: …`\nbeyond). Good rows are stored; rejected rows are counted and the first 50 reported.\n`defaultCredentialId` gives every machine added the same default credential.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "text"
                ],
                "properties": {
                  "text": {
                    "type": "string"
                  },
                  "defaultCredentialId": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "What was created and what was rejected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BulkAddResult"
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
    "/groups": {
      "get": {
        "operationId": "listGroups",
        "responses": {
          "200": {
            "description": "All groups with their machine counts.",
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
                        "$ref": "#/components/schemas/MachineGroup"
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
      },
      "post": {
        "operationId": "createGroup",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/GroupInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MachineGroup"
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
    "/groups/{id}": {
      "put": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "updateGroup",
        "description": "Rename a group or change its description.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/GroupInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Updated.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MachineGroup"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "delete": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "deleteGroup",
        "description": "Delete a group. Its machines stay; they just leave the group.",
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/tags": {
      "get": {
        "operationId": "listTags",
        "responses": {
          "200": {
            "description": "Every tag in use, with how many machines carry it.",
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
                          "name",
                          "machineCount"
                        ],
                        "properties": {
                          "name": {
                            "type": "string"
                          },
                          "machineCount": {
                            "type": "integer"
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
    "/connection-tests": {
      "post": {
        "operationId": "startConnectionTest",
        "description": "Test the connection to some machines (exactly one of machineIds, group, all), as a job of\nthe job engine (kind `connection-test`, one target per machine): whichever backend replica\nclaims it runs it. Follow it with `GET /connection-tests/{id}/events`.\nA test logs in with `credentialId` when given, else with each machine's default credential;\na machine with neither, or any machine when `credentialId` is null, gets a handshake-only\nprobe (host reachable, host key as pinned). The vault hands credentials out on behalf of\nusers only: scripts with a service token pass `\"credentialId\": null`.\nCredentials are checked out of the vault on behalf of the caller before the job exists\n(and kept sealed until it runs): a credential that does not exist is a 400, one the caller\nmay not use a 403, naming the field that chose it (`credentialId`, or `defaultCredentialId`\nand its machines). A rejected login is a failed target with errorKind `auth`.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "machineIds": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "group": {
                    "type": "string"
                  },
                  "all": {
                    "type": "boolean"
                  },
                  "credentialId": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Vault credential to log in with, instead of each machine's default; null to log in nowhere (handshake-only)."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "The test's job, queued.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
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
    "/connection-tests/{id}": {
      "get": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "getConnectionTest",
        "responses": {
          "200": {
            "description": "The test's job and its per-machine results so far.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ConnectionTest"
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
    "/connection-tests/{id}/events": {
      "get": {
        "operationId": "streamConnectionTestEvents",
        "description": "The test's events as Server-Sent Events (`job`, `targets`, `target`, `log`, `end`; see\njobs-common's JobEvent). Resumes after `Last-Event-ID` or `?after=<seq>`.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 0
            },
            "description": "Log sequence number to resume after."
          }
        ],
        "responses": {
          "200": {
            "description": "The event stream.",
            "content": {
              "text/event-stream": {
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
        "description": "An error, e.g. 400 for bad input (the message names the field), 404, 409.",
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
      "MachineInput": {
        "type": "object",
        "description": "Validated in full by the service, which names each bad or unknown field.",
        "properties": {
          "ip": {
            "type": "string",
            "description": "IPv4 or IPv6 address",
            "unique.": null
          },
          "hostname": {
            "type": "string",
            "description": "RFC 1123 host name."
          },
          "application": {
            "type": "string"
          },
          "sshPort": {
            "type": "integer",
            "default": 22
          },
          "sshUser": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "groups": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "tags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "owner": {
            "type": "string",
            "description": "Entity reference, default group:default/platform-team."
          },
          "defaultCredentialId": {
            "type": [
              "string",
              "null"
            ],
            "description": "Vault credential id (a UUID) connection tests log in with; default none."
          }
        }
      },
      "Machine": {
        "type": "object",
        "required": [
          "id",
          "ip",
          "hostname",
          "application",
          "sshPort",
          "sshUser",
          "description",
          "groups",
          "tags",
          "owner",
          "hostKeyFingerprint",
          "hostPublicKey",
          "defaultCredentialId",
          "lastCheck",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "ip": {
            "type": "string"
          },
          "hostname": {
            "type": "string"
          },
          "application": {
            "type": "string"
          },
          "sshPort": {
            "type": "integer"
          },
          "sshUser": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "groups": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "tags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "owner": {
            "type": "string"
          },
          "hostKeyFingerprint": {
            "type": [
              "string",
              "null"
            ]
          },
          "hostPublicKey": {
            "type": [
              "string",
              "null"
            ],
            "description": "The pinned host key in OpenSSH text form (ssh-ed25519 AAAA…); null until a connection test after pinning records it."
          },
          "defaultCredentialId": {
            "type": [
              "string",
              "null"
            ]
          },
          "lastCheck": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/ConnectionResult"
              },
              {
                "type": "null"
              }
            ]
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          }
        }
      },
      "MachineList": {
        "type": "object",
        "required": [
          "items",
          "totalCount"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Machine"
            }
          },
          "totalCount": {
            "type": "integer"
          }
        }
      },
      "GroupInput": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          }
        }
      },
      "MachineGroup": {
        "type": "object",
        "required": [
          "id",
          "name",
          "description",
          "machineCount",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "machineCount": {
            "type": "integer"
          },
          "createdAt": {
            "type": "string"
          }
        }
      },
      "BulkAddResult": {
        "type": "object",
        "required": [
          "created",
          "rejected",
          "rejectedCount"
        ],
        "properties": {
          "created": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Machine"
            }
          },
          "rejectedCount": {
            "type": "integer",
            "description": "How many rows were rejected; only the first 50 are listed in `rejected`."
          },
          "rejected": {
            "type": "array",
            "description": "The first 50 rejected rows, in line order.",
            "items": {
              "type": "object",
              "required": [
                "line",
                "text",
                "reason"
              ],
              "properties": {
                "line": {
                  "type": "integer"
                },
                "text": {
                  "type": "string"
                },
                "reason": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "ConnectionResult": {
        "type": "object",
        "required": [
          "machineId",
          "reachable",
          "sshOk",
          "fingerprint",
          "latencyMs",
          "errorKind",
          "message",
          "checkedAt"
        ],
        "properties": {
          "machineId": {
            "type": "string"
          },
          "reachable": {
            "type": "boolean"
          },
          "sshOk": {
            "type": "boolean"
          },
          "fingerprint": {
            "type": [
              "string",
              "null"
            ]
          },
          "latencyMs": {
            "type": [
              "number",
              "null"
            ]
          },
          "errorKind": {
            "oneOf": [
              {
                "type": "string",
                "enum": [
                  "dns",
                  "refused",
                  "timeout",
                  "hostkey",
                  "protocol",
                  "auth"
                ]
              },
              {
                "type": "null"
              }
            ]
          },
          "message": {
            "type": [
              "string",
              "null"
            ]
          },
          "checkedAt": {
            "type": "string"
          },
          "credentialId": {
            "type": "string",
            "description": "The vault credential the test logged in with; absent for a handshake-only probe."
          }
        }
      },
      "JobProgress": {
        "type": "object",
        "required": [
          "total",
          "done",
          "failed"
        ],
        "properties": {
          "total": {
            "type": "integer"
          },
          "done": {
            "type": "integer"
          },
          "failed": {
            "type": "integer"
          }
        }
      },
      "Job": {
        "type": "object",
        "description": "A job of the job engine (jobs-common); a connection test is one of kind connection-test.",
        "required": [
          "id",
          "kind",
          "title",
          "subject",
          "status",
          "createdBy",
          "createdAt",
          "startedAt",
          "finishedAt",
          "cancelRequested",
          "timeoutMs",
          "error",
          "params",
          "rerunOf",
          "progress"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "subject": {
            "type": [
              "string",
              "null"
            ]
          },
          "status": {
            "type": "string",
            "enum": [
              "queued",
              "running",
              "succeeded",
              "failed",
              "cancelled",
              "timed_out",
              "interrupted"
            ]
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "startedAt": {
            "type": [
              "string",
              "null"
            ]
          },
          "finishedAt": {
            "type": [
              "string",
              "null"
            ]
          },
          "cancelRequested": {
            "type": "boolean"
          },
          "timeoutMs": {
            "type": [
              "integer",
              "null"
            ]
          },
          "error": {
            "type": [
              "string",
              "null"
            ]
          },
          "params": {
            "type": "object",
            "description": "What was asked (machineIds, group or all; credentialId) and machineCount; never secrets."
          },
          "rerunOf": {
            "type": [
              "string",
              "null"
            ]
          },
          "progress": {
            "$ref": "#/components/schemas/JobProgress"
          }
        }
      },
      "JobTarget": {
        "type": "object",
        "description": "One machine of a connection test, keyed by machine id.",
        "required": [
          "key",
          "label",
          "status",
          "exitCode",
          "stdout",
          "stderr",
          "stdoutTruncated",
          "stderrTruncated",
          "startedAt",
          "finishedAt",
          "durationMs",
          "errorKind",
          "errorMessage",
          "meta"
        ],
        "properties": {
          "key": {
            "type": "string"
          },
          "label": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "pending",
              "running",
              "succeeded",
              "failed",
              "cancelled",
              "skipped"
            ]
          },
          "exitCode": {
            "type": [
              "integer",
              "null"
            ]
          },
          "stdout": {
            "type": "string"
          },
          "stderr": {
            "type": "string"
          },
          "stdoutTruncated": {
            "type": "boolean"
          },
          "stderrTruncated": {
            "type": "boolean"
          },
          "startedAt": {
            "type": [
              "string",
              "null"
            ]
          },
          "finishedAt": {
            "type": [
              "string",
              "null"
            ]
          },
          "durationMs": {
            "type": [
              "number",
              "null"
            ]
          },
          "errorKind": {
            "oneOf": [
              {
                "type": "string",
                "enum": [
                  "connect",
                  "auth",
                  "hostkey-unpinned",
                  "hostkey-changed",
                  "timeout",
                  "exec"
                ]
              },
              {
                "type": "null"
              }
            ]
          },
          "errorMessage": {
            "type": [
              "string",
              "null"
            ]
          },
          "meta": {
            "type": "object",
            "description": "machineId, ip, hostname, sshPort, credentialId and username as the test started; once the\nmachine's test finished, `check`: its ConnectionResult, as kept on the machine (lastCheck).\n"
          }
        }
      },
      "ConnectionTest": {
        "type": "object",
        "required": [
          "job",
          "targets"
        ],
        "properties": {
          "job": {
            "$ref": "#/components/schemas/Job"
          },
          "targets": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/JobTarget"
            }
          }
        }
      }
    }
  }
} as const;
