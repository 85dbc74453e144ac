// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.
/* eslint-disable */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "access",
    "version": "1",
    "description": "OpsSight local accounts: users with a role (admin, operator, viewer), their\npasswords and sessions. Mounted at /api/access. The /users routes need a\nBackstage identity and the opssight.access.user.* permissions (admins only;\nthe catalog reads /users with a service token). /me and /me/password are for\nthe signed-in local user. Passwords are write-only: no response ever\ncontains a password or a hash. Bodies are validated by the service, which\nnames each bad or unknown field in a 400.\n",
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
    "/users": {
      "get": {
        "operationId": "listUsers",
        "description": "Every local account, by username.",
        "responses": {
          "200": {
            "description": "The accounts.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LocalUserList"
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
        "operationId": "createUser",
        "description": "Add an account with an initial password, which must pass the password\npolicy; the user must change it at first sign-in. 409 for a taken username.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NewUser"
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
                  "$ref": "#/components/schemas/LocalUser"
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
    "/users/{username}": {
      "get": {
        "operationId": "getUser",
        "parameters": [
          {
            "$ref": "#/components/parameters/username"
          }
        ],
        "responses": {
          "200": {
            "description": "The account.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LocalUser"
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
        "operationId": "updateUser",
        "description": "Replace display name, email and role. A new role ends the user's\nsessions. 409 when it would leave no enabled admin.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/username"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UserProfile"
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
                  "$ref": "#/components/schemas/LocalUser"
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
        "operationId": "deleteUser",
        "description": "Delete the account and end its sessions. 409 for the last enabled admin.",
        "parameters": [
          {
            "$ref": "#/components/parameters/username"
          }
        ],
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
    "/users/{username}/disable": {
      "post": {
        "operationId": "disableUser",
        "description": "The user can no longer sign in; their sessions end. 409 for the last enabled admin.",
        "parameters": [
          {
            "$ref": "#/components/parameters/username"
          }
        ],
        "responses": {
          "200": {
            "description": "Disabled.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LocalUser"
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
    "/users/{username}/enable": {
      "post": {
        "operationId": "enableUser",
        "parameters": [
          {
            "$ref": "#/components/parameters/username"
          }
        ],
        "responses": {
          "200": {
            "description": "Enabled.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LocalUser"
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
    "/users/{username}/reset-password": {
      "post": {
        "operationId": "resetPassword",
        "description": "Set a new password chosen by the admin (it must pass the policy). The\nuser must change it at next sign-in; their sessions end.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/username"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "password": {
                    "type": "string",
                    "writeOnly": true
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The account, with mustChangePassword set.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LocalUser"
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
    "/me": {
      "get": {
        "operationId": "getMe",
        "description": "The signed-in user's own local account (404 for users without one).",
        "responses": {
          "200": {
            "description": "The account.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LocalUser"
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
    "/me/password": {
      "post": {
        "operationId": "changeMyPassword",
        "description": "The signed-in local user changes their own password: the current one is\nchecked (failures are throttled like sign-ins: 429 with Retry-After), the\nnew one must pass the policy and differ from the current and previous\nones. Clears mustChangePassword and ends the user's other sessions.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "currentPassword": {
                    "type": "string",
                    "writeOnly": true
                  },
                  "newPassword": {
                    "type": "string",
                    "writeOnly": true
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The account, mustChangePassword cleared.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LocalUser"
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
      "username": {
        "name": "username",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "ErrorResponse": {
        "description": "An error: 400 for bad input (the message names the field), 401, 403,\n404, 409, 429 (with Retry-After) after too many wrong passwords.\n",
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
      "Role": {
        "type": "string",
        "enum": [
          "viewer",
          "operator",
          "admin"
        ]
      },
      "NewUser": {
        "type": "object",
        "description": "Validated in full by the service, which names each bad or unknown field.",
        "properties": {
          "username": {
            "type": "string",
            "description": "1–63 characters: a-z, 0-9 and single '.', '_' or '-' between them\n(upper case is folded to lower case). Also the catalog entity name.\n"
          },
          "displayName": {
            "type": "string",
            "description": "Defaults to the username."
          },
          "email": {
            "type": [
              "string",
              "null"
            ]
          },
          "role": {
            "type": "string",
            "description": "viewer, operator or admin."
          },
          "password": {
            "type": "string",
            "writeOnly": true,
            "description": "At least 12 characters; not the username nor containing it; not a\nwell-known default password.\n"
          }
        }
      },
      "UserProfile": {
        "type": "object",
        "description": "Validated in full by the service, which names each bad or unknown field.",
        "properties": {
          "displayName": {
            "type": "string"
          },
          "email": {
            "type": [
              "string",
              "null"
            ],
            "description": "Left out or null for none."
          },
          "role": {
            "type": "string",
            "description": "viewer, operator or admin."
          }
        }
      },
      "LocalUser": {
        "type": "object",
        "required": [
          "username",
          "displayName",
          "email",
          "role",
          "disabled",
          "mustChangePassword",
          "passwordChangedAt",
          "lastSignInAt",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "username": {
            "type": "string"
          },
          "displayName": {
            "type": "string"
          },
          "email": {
            "type": [
              "string",
              "null"
            ]
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "disabled": {
            "type": "boolean"
          },
          "mustChangePassword": {
            "type": "boolean"
          },
          "passwordChangedAt": {
            "type": "string"
          },
          "lastSignInAt": {
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
      "LocalUserList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/LocalUser"
            }
          }
        }
      }
    }
  }
} as const;
