// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.
/* eslint-disable */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "vault",
    "version": "1",
    "description": "OpsSight credential vault: SSH private keys, passwords and API tokens, personal\n(only their owner sees and uses them) or shared (admins manage them, operators use\nthem, viewers see their names). Mounted at /api/vault.\nSecrets are write-only: no response ever contains one. Backend plugins obtain a\ndecrypted secret through `vaultServiceRef` from @opssight/plugin-vault-node, which\ncalls the checkout route on behalf of a user and decrypts in its own process.\n",
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
    "/credentials": {
      "get": {
        "operationId": "listCredentials",
        "description": "The caller's personal credentials and every shared one, by name. Callers who\nmay not use credentials see shared ones by name only.\n",
        "parameters": [
          {
            "name": "kind",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "ssh-key, password or api-token."
          },
          {
            "name": "scope",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "personal or shared."
          }
        ],
        "responses": {
          "200": {
            "description": "The credentials the caller may see.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CredentialList"
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
        "operationId": "createCredential",
        "description": "Store a credential. A shared one needs opssight.vault.shared.manage.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CredentialInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Stored.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Credential"
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
    "/credentials/{id}": {
      "get": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "getCredential",
        "responses": {
          "200": {
            "description": "The credential's metadata (its name only for callers who may not use it).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CredentialListItem"
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
        "operationId": "updateCredential",
        "description": "Rename, change the user name or description, or replace the secret. Fields left\nout stay as they are. Kind and scope cannot change.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CredentialUpdate"
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
                  "$ref": "#/components/schemas/Credential"
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
        "operationId": "deleteCredential",
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
    "/credentials/{id}/checkout": {
      "post": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "checkoutCredential",
        "description": "Internal: for backend plugins acting on behalf of a user (a plugin token with\nthe user on behalf of whom it acts); refuses a user's own token. Checks that\nthe user may use the credential, records the use, and answers with the\nciphertext, which the calling plugin decrypts with the vault keys.\nA backend plugin may also check out a *shared* credential as itself (its own\nplugin token, `plugin:<id>`), for work no user is present for, such as scheduled\nhealth checks; it then says why in `purpose`, which the audit trail records with\nthe plugin. Personal credentials are refused (403) to plugins acting on their\nown, and so is every credential to other services (the static API token).\nA secret that is going to be sent over HTTP(S) is checked out for its\n`destination` (the URL it goes to); API tokens only so. A shared credential\nis handed out only for a destination an admin bound it to (its\nallowedDestinations), otherwise 403; plain http only when\nvault.destinations.allowInsecureHttp is true.\n",
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "purpose": {
                    "type": "string",
                    "maxLength": 200,
                    "description": "Required when a plugin checks out as itself: why, for the audit trail."
                  },
                  "destination": {
                    "type": "string",
                    "description": "The URL the secret is sent to; required for API tokens."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The sealed secret.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CredentialCheckout"
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
    "/credentials/{id}/destination-check": {
      "post": {
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "operationId": "checkCredentialDestination",
        "description": "Whether the caller (a user, or a plugin on a user's behalf) may have the\ncredential sent to `destination`: they may use it and, for a shared one, an\nadmin bound it there. No secret is returned. 403 with a message naming the\ncredential and the reason when not.\n",
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "destination"
                ],
                "properties": {
                  "destination": {
                    "type": "string",
                    "description": "A URL."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "It may be sent there.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CredentialName"
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
    "/rotate": {
      "post": {
        "operationId": "rotateVault",
        "description": "Re-encrypt every credential under the active key (the first of vault.keys),\nwhile the portal runs. Safe to repeat, and against concurrent updates. Needs\nopssight.vault.shared.manage.\n",
        "responses": {
          "200": {
            "description": "What was re-encrypted.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RotationResult"
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
        "description": "An error, e.g. 400 for bad input (the message names the field), 403, 404, 409.",
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
      "CredentialInput": {
        "type": "object",
        "description": "Validated in full by the service, which names each bad or unknown field. The\nsecret fields a kind takes: ssh-key privateKey (and passphrase if the key is\nencrypted), password password, api-token token.\n",
        "properties": {
          "kind": {
            "type": "string",
            "description": "ssh-key, password or api-token."
          },
          "name": {
            "type": "string",
            "description": "1-100 characters, unique per owner (personal) or among shared credentials."
          },
          "scope": {
            "type": "string",
            "description": "personal (default) or shared."
          },
          "username": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "allowedDestinations": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Shared credentials only: hosts (k8s.example.com, 10.0.0.10:6443) or URL prefixes (https://k8s.example.com:6443/) it may be sent to."
          },
          "privateKey": {
            "type": "string",
            "writeOnly": true,
            "description": "OpenSSH or PEM private key."
          },
          "passphrase": {
            "type": "string",
            "writeOnly": true
          },
          "password": {
            "type": "string",
            "writeOnly": true
          },
          "token": {
            "type": "string",
            "writeOnly": true
          }
        }
      },
      "CredentialUpdate": {
        "type": "object",
        "description": "Validated in full by the service; the secret fields of the credential's kind replace its secret.",
        "properties": {
          "name": {
            "type": "string"
          },
          "username": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "allowedDestinations": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Shared credentials only: replaces the list of where it may be sent."
          },
          "privateKey": {
            "type": "string",
            "writeOnly": true
          },
          "passphrase": {
            "type": "string",
            "writeOnly": true
          },
          "password": {
            "type": "string",
            "writeOnly": true
          },
          "token": {
            "type": "string",
            "writeOnly": true
          }
        }
      },
      "CredentialName": {
        "type": "object",
        "required": [
          "id",
          "name",
          "kind",
          "scope"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "ssh-key",
              "password",
              "api-token"
            ]
          },
          "scope": {
            "type": "string",
            "enum": [
              "personal",
              "shared"
            ]
          }
        }
      },
      "Credential": {
        "type": "object",
        "required": [
          "id",
          "name",
          "kind",
          "scope",
          "owner",
          "username",
          "keyType",
          "fingerprint",
          "publicKey",
          "description",
          "allowedDestinations",
          "lastUsedAt",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "ssh-key",
              "password",
              "api-token"
            ]
          },
          "scope": {
            "type": "string",
            "enum": [
              "personal",
              "shared"
            ]
          },
          "owner": {
            "type": "string",
            "description": "User entity ref."
          },
          "username": {
            "type": "string"
          },
          "keyType": {
            "type": [
              "string",
              "null"
            ],
            "description": "e.g. ssh-ed25519"
          },
          "fingerprint": {
            "type": [
              "string",
              "null"
            ],
            "description": "SHA256:… of the public key"
          },
          "publicKey": {
            "type": [
              "string",
              "null"
            ],
            "description": "authorized_keys line"
          },
          "description": {
            "type": "string"
          },
          "allowedDestinations": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Where a shared credential may be sent over HTTP(S); empty is nowhere (always empty for personal ones)."
          },
          "lastUsedAt": {
            "type": [
              "string",
              "null"
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
      "CredentialListItem": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/Credential"
          },
          {
            "$ref": "#/components/schemas/CredentialName"
          }
        ]
      },
      "CredentialList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CredentialListItem"
            }
          }
        }
      },
      "CredentialCheckout": {
        "type": "object",
        "required": [
          "id",
          "name",
          "kind",
          "scope",
          "username",
          "sealed"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "ssh-key",
              "password",
              "api-token"
            ]
          },
          "scope": {
            "type": "string",
            "enum": [
              "personal",
              "shared"
            ]
          },
          "username": {
            "type": "string"
          },
          "destination": {
            "type": "string",
            "description": "The URL the checkout is bound to."
          },
          "allowedDestinations": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "The shared credential's allowed destinations, for the calling plugin to check again."
          },
          "sealed": {
            "type": "object",
            "description": "AES-256-GCM, base64; decrypted by the calling plugin with the vault keys.",
            "required": [
              "keyId",
              "iv",
              "authTag",
              "ciphertext"
            ],
            "properties": {
              "keyId": {
                "type": "string"
              },
              "iv": {
                "type": "string"
              },
              "authTag": {
                "type": "string"
              },
              "ciphertext": {
                "type": "string"
              }
            }
          }
        }
      },
      "RotationResult": {
        "type": "object",
        "required": [
          "activeKeyId",
          "total",
          "rotated",
          "unchanged",
          "failed"
        ],
        "properties": {
          "activeKeyId": {
            "type": "string"
          },
          "total": {
            "type": "integer"
          },
          "rotated": {
            "type": "integer"
          },
          "unchanged": {
            "type": "integer"
          },
          "failed": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "id",
                "name",
                "keyId",
                "message"
              ],
              "properties": {
                "id": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "keyId": {
                  "type": "string"
                },
                "message": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    }
  }
} as const;
