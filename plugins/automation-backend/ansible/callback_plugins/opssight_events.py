# OpsSight's Ansible callback: structured events for the run page.
#
# A notification callback, so the normal human output (the default stdout
# callback) still streams to the log. It writes one JSON object per line to the
# file descriptor named by OPSSIGHT_EVENTS_FD, an inherited pipe the backend
# reads: plays, tasks, each host's result per task (with its duration and a
# capped excerpt of the result) and the recap. Results of no_log tasks are
# never written.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = """
    name: opssight_events
    type: notification
    short_description: JSON events for OpsSight on an inherited pipe
    description:
      - Writes plays, tasks, per-host results and the recap as JSON lines to the
        file descriptor in the OPSSIGHT_EVENTS_FD environment variable.
"""

import json
import os
import re
import threading
import time

from ansible.plugins.callback import CallbackBase

# What of a result the run page shows, each string capped.
RESULT_KEYS = ("msg", "rc", "stdout", "stderr", "skip_reason", "reason", "diff")
FIELD_CAP = 4000
HOST_KEY_CHANGED = re.compile(
    r"REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed"
)


def capped(value):
    if isinstance(value, str):
        if len(value) > FIELD_CAP:
            return value[:FIELD_CAP] + "\n… (%d more characters)" % (len(value) - FIELD_CAP)
        return value
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return capped(json.dumps(value, default=str, sort_keys=True))


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "opssight_events"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        fd = os.environ.get("OPSSIGHT_EVENTS_FD")
        self._fd = int(fd) if fd and fd.isdigit() else None
        self._lock = threading.Lock()
        self._started = {}

    def _emit(self, event):
        if self._fd is None:
            return
        event["at"] = round(time.time() * 1000)
        line = (json.dumps(event, default=str, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            try:
                while line:
                    written = os.write(self._fd, line)
                    line = line[written:]
            except OSError:
                self._fd = None  # the backend stopped listening; keep running

    # Plays and tasks

    def v2_playbook_on_play_start(self, play):
        self._emit({"type": "play", "id": str(play._uuid), "name": play.get_name()})

    def _task_start(self, task, handler):
        self._emit(
            {
                "type": "task",
                "id": str(task._uuid),
                "name": task.get_name(),
                "action": task.action,
                "path": task.get_path(),
                "handler": handler,
            }
        )

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_start(task, False)

    def v2_playbook_on_handler_task_start(self, task):
        self._task_start(task, True)

    # Per-host results

    def v2_runner_on_start(self, host, task):
        self._started[(host.get_name(), str(task._uuid))] = time.time()

    def _host_result(self, result, status):
        host = result._host.get_name()
        task_id = str(result._task._uuid)
        started = self._started.pop((host, task_id), None)
        raw = result._result if isinstance(result._result, dict) else {}
        hidden = bool(raw.get("_ansible_no_log") or result._task.no_log)
        event = {
            "type": "result",
            "host": host,
            "task": task_id,
            "status": status,
            "changed": bool(raw.get("changed", False)),
            "durationMs": round((time.time() - started) * 1000) if started else None,
        }
        if hidden:
            event["hidden"] = True
        else:
            event["result"] = {key: capped(raw[key]) for key in RESULT_KEYS if key in raw}
        if status == "unreachable" and HOST_KEY_CHANGED.search(str(raw.get("msg", ""))):
            event["hostKeyChanged"] = True
        self._emit(event)

    def v2_runner_on_ok(self, result):
        self._host_result(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._host_result(result, "ignored" if ignore_errors else "failed")

    def v2_runner_on_unreachable(self, result):
        self._host_result(result, "unreachable")

    def v2_runner_on_skipped(self, result):
        self._host_result(result, "skipped")

    # The recap

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed.keys())
        self._emit(
            {
                "type": "recap",
                "hosts": {host: stats.summarize(host) for host in hosts},
            }
        )
