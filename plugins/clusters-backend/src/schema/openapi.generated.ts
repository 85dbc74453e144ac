// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.
/* eslint-disable */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "clusters",
    "version": "1",
    "description": "OpsSight Kubernetes clusters: clusters made of registered machines (masters and\nworkers, an optional load balancer), their reconfiguration and its history, their\nhealth (SSH reachability of every node, and the Kubernetes API when configured), a\nKubespray inventory, and bulk script runs over their nodes. Mounted at /api/clusters.\nEvery request needs a Backstage identity: a user session, a service token, or the\nstatic API token from OPSSIGHT_API_TOKEN (`Authorization: Bearer …`).\nBad input is a 400 whose message names each field (`masters.1: …`), an unknown id a\n404, a taken name or a stale edit a 409. Nodes are looked up in the machine registry\non behalf of the caller.\n",
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
    "/clusters": {
      "get": {
        "operationId": "listClusters",
        "description": "Clusters by name, with filters and pagination.",
        "parameters": [
          {
            "name": "environment",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only clusters of this environment, e.g. production."
          },
          {
            "name": "q",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Substring of the name or the description, case-insensitive."
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
              "minimum": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of clusters.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ClusterList"
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
        "operationId": "createCluster",
        "description": "Create a cluster. Every master and worker IP must be a registered machine (a 400\nnames each one that is not, e.g. `masters.1: 10.0.0.12 is not a registered\nmachine; register it first`); the load balancer need not be. An\n`apiTokenCredentialId` must be a shared vault credential of kind `api-token` that\nthe caller can see. A taken name is a 409. Records a `created` change. The answer\ncarries `warnings`: advice that did not block the creation (an even number of\nmasters, IPs that are already nodes of other clusters).\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateClusterInput"
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
                  "$ref": "#/components/schemas/CreatedCluster"
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
    "/clusters/by-name/{name}": {
      "get": {
        "operationId": "getClusterByName",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The cluster.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Cluster"
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
    "/clusters/{id}": {
      "get": {
        "operationId": "getCluster",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "The cluster.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Cluster"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "patch": {
        "operationId": "updateCluster",
        "description": "Change a cluster's details (the nodes change through PUT …/topology). Records an\n`updated` change naming the fields whose value changed; nothing when none did.\nChanging the API URL, CA or token clears the latest API check.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateClusterInput"
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
                  "$ref": "#/components/schemas/Cluster"
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
        "operationId": "deleteCluster",
        "description": "Delete a cluster and its history. Its machines stay in the registry.",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
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
    "/clusters/{id}/topology/preview": {
      "post": {
        "operationId": "previewTopology",
        "description": "What a reconfiguration to this topology would change, and advice that would not\nblock it; changes nothing. Refused like the reconfiguration itself (added IPs\nthat are not registered machines are a 400).\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Topology"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The diff and the warnings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TopologyPreview"
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
    "/clusters/{id}/topology": {
      "put": {
        "operationId": "reconfigureCluster",
        "description": "Replace the cluster's masters, workers and load balancer. Added IPs must be\nregistered machines. With `expectedUpdatedAt` (the cluster's `updatedAt` as the\nuser saw it), a cluster changed since is a 409 and nothing changes. Records a\n`reconfigured` change with the topology before and after and the diff; a topology\nequal to the current one records nothing and answers `change: null`.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReconfigureInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The diff, the cluster as it now is and the recorded change.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReconfigureResult"
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
    "/clusters/{id}/history": {
      "get": {
        "operationId": "getClusterHistory",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "Every change of the cluster, newest first.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/ClusterChange"
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
    "/clusters/{id}/inventory": {
      "get": {
        "operationId": "getClusterInventory",
        "description": "The cluster as a Kubespray inventory (`hosts.yaml`), as an attachment named\n`<name>-hosts.yaml`: every node under `all.hosts` by its machine's host name\n(`node-<ip>` when it has none) with `ansible_host`, `ip` and `access_ip`, and\n`ansible_user` / `ansible_port` from the machine; the masters in\n`kube_control_plane` and `etcd`; the workers in `kube_node` (the masters, when\nthere are no workers, so they run workloads); `k8s_cluster` with both as children,\nan empty `calico_rr`; with a load balancer, `all.vars.loadbalancer_apiserver`\n(`address`, port 6443) and `loadbalancer_apiserver_localhost: false`.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "The inventory.",
            "content": {
              "application/yaml": {
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
    "/clusters/{id}/health-checks": {
      "post": {
        "operationId": "checkClusterHealth",
        "description": "Check the cluster's health now rather than at the next scheduled check\n(`clusters.health.intervalMinutes`): every node over SSH (TCP, handshake, the\nmachine's pinned host key; no login) and, with an API URL and token, the\nKubernetes API's `/readyz` and `/api/v1/nodes`. Answers the cluster with the new\nresults.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "The cluster, with its health as just checked.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Cluster"
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
    "/ip-lookup": {
      "post": {
        "operationId": "lookupIps",
        "description": "What the registry and the clusters know of some IPs, for the cluster wizard's IP\nlists: for each IP (in the order given, once), the registered machine there, or\nnull, and the names of the clusters it is already a node of.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "ips"
                ],
                "properties": {
                  "ips": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "minItems": 1,
                    "maxItems": 1000
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "One entry per IP.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/IpLookup"
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
    "/runs": {
      "get": {
        "operationId": "listRuns",
        "description": "Bulk script runs, newest first.",
        "parameters": [
          {
            "name": "clusterId",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only runs over this cluster's nodes."
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
          }
        ],
        "responses": {
          "200": {
            "description": "A page of runs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JobList"
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
        "operationId": "startRun",
        "description": "Run a shell script (or a saved snippet) on a cluster's nodes, a machine group or\nsome machines, over SSH with a vault credential, as a job of kind `bulk-script`.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/BulkRunRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The run, queued.",
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
    "/runs/{id}": {
      "get": {
        "operationId": "getRun",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "The run and its per-host results.",
            "content": {
              "application/json": {
                "schema": {
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
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/runs/{id}/events": {
      "get": {
        "operationId": "streamRunEvents",
        "description": "The run's events as Server-Sent Events (`job`, `targets`, `target`, `log`, `end`;\nsee jobs-common's JobEvent). Resumes after `Last-Event-ID` or `?after=<seq>`.\n",
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
    },
    "/runs/{id}/cancel": {
      "post": {
        "operationId": "cancelRun",
        "description": "The user who started the run, or an Admin, may cancel it (403 for others).",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "The run, with its cancellation requested.",
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
    "/runs/{id}/rerun": {
      "post": {
        "operationId": "rerunRun",
        "description": "Run the same script again on all of the run's hosts, or on those that failed.",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "targets": {
                    "type": "string",
                    "enum": [
                      "all",
                      "failed"
                    ],
                    "default": "failed"
                  },
                  "credentialId": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new run.",
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
    "/snippets": {
      "get": {
        "operationId": "listSnippets",
        "responses": {
          "200": {
            "description": "Every saved snippet, by name.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Snippet"
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
        "operationId": "createSnippet",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SnippetInput"
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
                  "$ref": "#/components/schemas/Snippet"
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
    "/snippets/{id}": {
      "put": {
        "operationId": "updateSnippet",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SnippetInput"
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
                  "$ref": "#/components/schemas/Snippet"
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
        "operationId": "deleteSnippet",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
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
      "IpList": {
        "type": "array",
        "items": {
          "type": "string",
          "description": "IPv4 or IPv6 address."
        },
        "maxItems": 1000
      },
      "Topology": {
        "type": "object",
        "description": "Validated in full by the service, which names each bad, duplicate or unknown\nfield. Masters are the control-plane nodes (which also run etcd); at least one.\n",
        "required": [
          "masters"
        ],
        "properties": {
          "masters": {
            "$ref": "#/components/schemas/IpList"
          },
          "workers": {
            "$ref": "#/components/schemas/IpList"
          },
          "loadBalancerIp": {
            "type": [
              "string",
              "null"
            ],
            "description": "The load balancer in front of the API servers; need not be a registered machine."
          }
        }
      },
      "ReconfigureInput": {
        "allOf": [
          {
            "$ref": "#/components/schemas/Topology"
          },
          {
            "type": "object",
            "properties": {
              "expectedUpdatedAt": {
                "type": "string",
                "description": "The cluster's updatedAt as the user saw it; a 409 when it changed since."
              }
            }
          }
        ]
      },
      "CreateClusterInput": {
        "type": "object",
        "description": "Validated in full by the service, which names each bad or unknown field.",
        "required": [
          "name",
          "environment",
          "masters"
        ],
        "properties": {
          "name": {
            "type": "string",
            "description": "A DNS label (lower-case letters, digits, '-'; at most 63), unique."
          },
          "environment": {
            "type": "string",
            "description": "e.g. production."
          },
          "description": {
            "type": "string",
            "default": ""
          },
          "owner": {
            "type": "string",
            "description": "Entity reference; default clusters.defaultOwner (group:default/platform-team)."
          },
          "masters": {
            "$ref": "#/components/schemas/IpList"
          },
          "workers": {
            "$ref": "#/components/schemas/IpList"
          },
          "loadBalancerIp": {
            "type": [
              "string",
              "null"
            ]
          },
          "apiUrl": {
            "type": [
              "string",
              "null"
            ],
            "description": "The Kubernetes API server URL, e.g. https://10.0.0.10:6443."
          },
          "apiCaData": {
            "type": [
              "string",
              "null"
            ],
            "description": "The API server's CA certificate: PEM, or base64 of PEM (kubeconfig's certificate-authority-data)."
          },
          "apiTokenCredentialId": {
            "type": [
              "string",
              "null"
            ],
            "description": "A shared vault credential of kind api-token (a service-account token) for health checks."
          }
        }
      },
      "UpdateClusterInput": {
        "type": "object",
        "description": "At least one field. Validated in full by the service.",
        "properties": {
          "name": {
            "type": "string",
            "description": "A new name (a DNS label, unique); the cluster's catalog entity is renamed with it."
          },
          "description": {
            "type": "string"
          },
          "environment": {
            "type": "string"
          },
          "owner": {
            "type": "string"
          },
          "apiUrl": {
            "type": [
              "string",
              "null"
            ]
          },
          "apiCaData": {
            "type": [
              "string",
              "null"
            ]
          },
          "apiTokenCredentialId": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "NodeSshCheck": {
        "type": "object",
        "required": [
          "checkedAt",
          "reachable",
          "sshOk",
          "latencyMs",
          "errorKind",
          "message"
        ],
        "properties": {
          "checkedAt": {
            "type": "string"
          },
          "reachable": {
            "type": "boolean",
            "description": "A TCP connection was established."
          },
          "sshOk": {
            "type": "boolean",
            "description": "The handshake completed with the pinned host key."
          },
          "latencyMs": {
            "type": [
              "number",
              "null"
            ]
          },
          "errorKind": {
            "type": [
              "string",
              "null"
            ],
            "description": "dns, refused, timeout, hostkey, protocol, auth."
          },
          "message": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "KubeNodeStatus": {
        "type": "object",
        "required": [
          "name",
          "internalIp",
          "ready",
          "pressure"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "internalIp": {
            "type": [
              "string",
              "null"
            ]
          },
          "ready": {
            "type": "boolean"
          },
          "pressure": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Conditions that are True and should not be (MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable)."
          }
        }
      },
      "ClusterNode": {
        "type": "object",
        "required": [
          "ip",
          "role",
          "machineId",
          "hostname",
          "hostKeyPinned",
          "lastSshCheck",
          "kube"
        ],
        "properties": {
          "ip": {
            "type": "string"
          },
          "role": {
            "type": "string",
            "enum": [
              "master",
              "worker"
            ]
          },
          "machineId": {
            "type": [
              "string",
              "null"
            ]
          },
          "hostname": {
            "type": [
              "string",
              "null"
            ]
          },
          "hostKeyPinned": {
            "type": "boolean"
          },
          "lastSshCheck": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/NodeSshCheck"
              },
              {
                "type": "null"
              }
            ]
          },
          "kube": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/KubeNodeStatus"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "ClusterApiHealth": {
        "type": "object",
        "required": [
          "checkedAt",
          "ready",
          "message",
          "nodes"
        ],
        "properties": {
          "checkedAt": {
            "type": "string"
          },
          "ready": {
            "type": "boolean",
            "description": "GET /readyz answered 200 \"ok\"."
          },
          "message": {
            "type": [
              "string",
              "null"
            ]
          },
          "nodes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/KubeNodeStatus"
            }
          }
        }
      },
      "ClusterHealth": {
        "type": "object",
        "required": [
          "state",
          "summary",
          "checkedAt",
          "ssh",
          "api"
        ],
        "properties": {
          "state": {
            "type": "string",
            "enum": [
              "healthy",
              "degraded",
              "unhealthy",
              "unknown"
            ],
            "description": "healthy: every node reachable over SSH and, with an API, /readyz ok and every\nnode Ready without pressure; degraded: the cluster answers but some node does\nnot, is not Ready or is under pressure; unhealthy: no master reachable, or the\nAPI is not ready; unknown: not checked yet.\n"
          },
          "summary": {
            "type": "string",
            "description": "One line, e.g. \"3/3 nodes reachable · API ready · 3/3 Ready\"."
          },
          "checkedAt": {
            "type": [
              "string",
              "null"
            ]
          },
          "ssh": {
            "type": "object",
            "required": [
              "total",
              "reachable"
            ],
            "properties": {
              "total": {
                "type": "integer"
              },
              "reachable": {
                "type": "integer"
              }
            }
          },
          "api": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/ClusterApiHealth"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "Cluster": {
        "type": "object",
        "required": [
          "id",
          "name",
          "description",
          "environment",
          "owner",
          "loadBalancerIp",
          "apiUrl",
          "apiCaData",
          "apiTokenCredentialId",
          "nodes",
          "health",
          "createdBy",
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
          "description": {
            "type": "string"
          },
          "environment": {
            "type": "string"
          },
          "owner": {
            "type": "string"
          },
          "loadBalancerIp": {
            "type": [
              "string",
              "null"
            ]
          },
          "apiUrl": {
            "type": [
              "string",
              "null"
            ]
          },
          "apiCaData": {
            "type": [
              "string",
              "null"
            ]
          },
          "apiTokenCredentialId": {
            "type": [
              "string",
              "null"
            ]
          },
          "nodes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ClusterNode"
            }
          },
          "health": {
            "$ref": "#/components/schemas/ClusterHealth"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          }
        }
      },
      "CreatedCluster": {
        "allOf": [
          {
            "$ref": "#/components/schemas/Cluster"
          },
          {
            "type": "object",
            "required": [
              "warnings"
            ],
            "properties": {
              "warnings": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Advice that did not block the creation."
              }
            }
          }
        ]
      },
      "ClusterList": {
        "type": "object",
        "required": [
          "items",
          "totalCount"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Cluster"
            }
          },
          "totalCount": {
            "type": "integer"
          }
        }
      },
      "ClusterTopology": {
        "type": "object",
        "required": [
          "masters",
          "workers",
          "loadBalancerIp"
        ],
        "properties": {
          "masters": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "workers": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "loadBalancerIp": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "IpChanges": {
        "type": "object",
        "required": [
          "added",
          "removed"
        ],
        "properties": {
          "added": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "removed": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "TopologyDiff": {
        "type": "object",
        "description": "An IP moved between masters and workers is removed from one list and added to the other.",
        "required": [
          "masters",
          "workers",
          "loadBalancer",
          "empty"
        ],
        "properties": {
          "masters": {
            "$ref": "#/components/schemas/IpChanges"
          },
          "workers": {
            "$ref": "#/components/schemas/IpChanges"
          },
          "loadBalancer": {
            "oneOf": [
              {
                "type": "object",
                "required": [
                  "from",
                  "to"
                ],
                "properties": {
                  "from": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "to": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              },
              {
                "type": "null"
              }
            ]
          },
          "empty": {
            "type": "boolean"
          }
        }
      },
      "TopologyPreview": {
        "type": "object",
        "required": [
          "diff",
          "warnings"
        ],
        "properties": {
          "diff": {
            "$ref": "#/components/schemas/TopologyDiff"
          },
          "warnings": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "ClusterChange": {
        "type": "object",
        "required": [
          "id",
          "clusterId",
          "at",
          "by",
          "kind",
          "before",
          "after",
          "diff",
          "fields"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "clusterId": {
            "type": "string"
          },
          "at": {
            "type": "string"
          },
          "by": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "created",
              "reconfigured",
              "updated"
            ]
          },
          "before": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/ClusterTopology"
              },
              {
                "type": "null"
              }
            ]
          },
          "after": {
            "$ref": "#/components/schemas/ClusterTopology"
          },
          "diff": {
            "$ref": "#/components/schemas/TopologyDiff"
          },
          "fields": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Other fields that changed (for `updated`)."
          }
        }
      },
      "ReconfigureResult": {
        "type": "object",
        "required": [
          "diff",
          "cluster",
          "change"
        ],
        "properties": {
          "diff": {
            "$ref": "#/components/schemas/TopologyDiff"
          },
          "cluster": {
            "$ref": "#/components/schemas/Cluster"
          },
          "change": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/ClusterChange"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "IpLookup": {
        "type": "object",
        "required": [
          "ip",
          "machine",
          "clusters"
        ],
        "properties": {
          "ip": {
            "type": "string"
          },
          "machine": {
            "oneOf": [
              {
                "type": "object",
                "required": [
                  "id",
                  "hostname",
                  "hostKeyPinned"
                ],
                "properties": {
                  "id": {
                    "type": "string"
                  },
                  "hostname": {
                    "type": "string"
                  },
                  "hostKeyPinned": {
                    "type": "boolean"
                  }
                }
              },
              {
                "type": "null"
              }
            ]
          },
          "clusters": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Names of the clusters that already have this IP as a node."
          }
        }
      },
      "BulkRunRequest": {
        "type": "object",
        "description": "Validated in full by the service (clusters-common's bulkRunRequestSchema).",
        "required": [
          "targets",
          "script",
          "credentialId"
        ],
        "properties": {
          "targets": {
            "type": "object",
            "description": "Exactly one of {clusterId, role?}, {group} or {machineIds}.",
            "properties": {
              "clusterId": {
                "type": "string"
              },
              "role": {
                "type": "string",
                "enum": [
                  "all",
                  "master",
                  "worker"
                ]
              },
              "group": {
                "type": "string"
              },
              "machineIds": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "script": {
            "type": "string",
            "description": "The multi-line shell script that runs (with bash -s): exactly this text, also when it came from a snippet."
          },
          "snippetId": {
            "type": "string",
            "description": "The saved snippet the script came from; needs scriptSha256."
          },
          "scriptSha256": {
            "type": "string",
            "description": "SHA-256 (hex) of script. With snippetId, 409 when the snippet's script is no longer this one (changed since the user opened it)."
          },
          "credentialId": {
            "type": "string",
            "description": "The vault credential to log in with."
          },
          "sudo": {
            "type": "boolean",
            "default": false
          },
          "concurrency": {
            "type": "integer",
            "minimum": 1,
            "maximum": 500,
            "default": 50
          },
          "timeoutSeconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3600,
            "default": 60
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
        "description": "A job of the job engine (jobs-common); a bulk run is one of kind bulk-script.",
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
            "description": "BulkRunParams for a bulk run; never secrets."
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
      "JobList": {
        "type": "object",
        "required": [
          "items",
          "totalCount"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Job"
            }
          },
          "totalCount": {
            "type": "integer"
          }
        }
      },
      "JobTarget": {
        "type": "object",
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
                  "hostkey",
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
            "type": "object"
          }
        }
      },
      "SnippetInput": {
        "type": "object",
        "required": [
          "name",
          "script"
        ],
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 100
          },
          "description": {
            "type": "string",
            "default": ""
          },
          "script": {
            "type": "string"
          }
        }
      },
      "Snippet": {
        "type": "object",
        "description": "A saved script. Its owner (and Admins) may edit or delete it (403 for others,\nwho may copy it); snippets saved before owners existed have none: Admins only.\n",
        "required": [
          "id",
          "name",
          "description",
          "script",
          "owner",
          "createdBy",
          "createdAt",
          "updatedAt",
          "canEdit"
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
          "script": {
            "type": "string"
          },
          "owner": {
            "type": [
              "string",
              "null"
            ]
          },
          "canEdit": {
            "type": "boolean",
            "description": "Whether the user who asked may edit or delete it."
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          }
        }
      }
    }
  }
} as const;
