#!/usr/bin/python
# -*- coding: utf-8 -*-
# vtopo.fleet.topology: make one host match a vtopo/v1 topology by running the vtopo binary on it.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: topology
short_description: Plan or apply a vtopo/v1 topology on the managed host, probe it, keep it or roll it back
description:
  - Runs C(vtopo plan) and, when the plan has steps, C(vtopo apply --yes --confirm N) on the managed host.
  - While vtopo waits for confirmation the module runs connectivity probes from the host (its default gateway,
    its overlay peers, an underlay duplicate-address check, user probes). All pass -> C(vtopo confirm) keeps the
    change; one fails -> no confirmation, and vtopo rolls the host back when the window ends.
  - Check mode runs C(vtopo plan) only (its exit code says whether anything would change); diff mode shows the plan.
  - C(changed) is true only when steps ran and were kept.
options:
  src:
    description: Path of the vtopo/v1 file on the managed host. Exclusive with I(content).
    type: path
  content:
    description: The vtopo/v1 file's text (e.g. from C(vtopo fleet render)); written to I(dest) before applying.
    type: str
  dest:
    description: Where to keep I(content) on the host (default a file under I(state_dir)).
    type: path
  vtopo:
    description: The vtopo executable on the managed host.
    type: str
    default: vtopo
  netns:
    description: Manage links inside this network namespace (vtopo --netns); probes run there too.
    type: str
  connect:
    description: libvirt URI for vtopo (--connect), or C(none) for links only.
    type: str
    default: qemu:///system
  state_dir:
    description: vtopo's state directory (journal, lock, confirmation flag).
    type: path
    default: /var/lib/vtopo
  confirm:
    description: Seconds of the confirm window. 0 applies without a window and without probes.
    type: int
    default: 30
  probes:
    description: Probes, as printed by C(vtopo fleet probes FILE HOST) (list of name, kind ping|dad, target, dev).
    type: list
    elements: dict
    default: []
  probe_default_gateway:
    description: Also ping the host's default gateway as the routing table has it after the apply.
    type: bool
    default: true
  probe_attempts:
    description: Attempts per ping probe (one second apart) before it counts as failed.
    type: int
    default: 3
  allow_disconnect:
    description: Pass --allow-disconnect (changes to the links carrying the default route or the SSH session).
    type: bool
    default: false
  lock_wait:
    description: Seconds to wait for another apply on the host (vtopo --lock-wait).
    type: int
    default: 0
author: vtopo developers
"""

EXAMPLES = r"""
- name: Apply this host's rendered topology, keep it only if the probes pass
  vtopo.fleet.topology:
    content: "{{ lookup('pipe', 'vtopo fleet render fleet.yaml ' ~ inventory_hostname) }}"
    dest: /etc/vtopo/fleet.yaml
    confirm: 30
    probes: "{{ (lookup('pipe', 'vtopo fleet probes fleet.yaml ' ~ inventory_hostname) | from_json).probes }}"
"""

RETURN = r"""
plan:
  description: vtopo plan -o json before the apply (topology, steps, refusals, counts).
  type: dict
  returned: always
steps:
  description: The plan's steps (action, id, kind, changes).
  type: list
  returned: always
verification:
  description: vtopo's verification after the apply (verified, reads, ms), or null when nothing ran.
  type: dict
  returned: always
probes:
  description: Each probe with its result (ok, detail).
  type: list
  returned: always
rollback:
  description: Whether the host was rolled back (apply failure, or a failed probe left the change unconfirmed).
  type: bool
  returned: always
output:
  description: vtopo apply's output.
  type: str
  returned: when an apply ran
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time

from ansible.module_utils.basic import AnsibleModule


def host_args(p):
    a = ["--connect", p["connect"], "--state-dir", p["state_dir"]]
    if p["netns"]:
        a += ["--netns", p["netns"]]
    return a


def in_netns(p, argv):
    return (["ip", "netns", "exec", p["netns"]] + argv) if p["netns"] else argv


def run_probe(p, probe):
    kind = probe.get("kind", "ping")
    target = probe["target"]
    if kind == "dad":
        if ":" in target:
            return True, "IPv6: the kernel's duplicate address detection guards it"
        if shutil.which("arping") is None:
            return True, "skipped: arping (iputils-arping) is not installed"
        argv = ["arping", "-D", "-q", "-c", "2", "-w", "3", "-I", probe.get("dev") or "", target]
        r = subprocess.run(in_netns(p, argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        if r.returncode == 0:
            return True, "no other machine answers ARP for " + target
        return False, "another machine answers ARP for " + target + " (address clash)" + (
            ": " + r.stdout.strip() if r.stdout.strip() else "")
    last = ""
    for attempt in range(max(1, p["probe_attempts"])):
        if attempt:
            time.sleep(1)
        r = subprocess.run(in_netns(p, ["ping", "-n", "-c", "1", "-W", "1", target]), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        if r.returncode == 0:
            return True, "answers ping" + ("" if attempt == 0 else " (attempt %d)" % (attempt + 1))
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "no reply"
    return False, "no reply to %d ping(s): %s" % (max(1, p["probe_attempts"]), last)


def default_gateway(p):
    r = subprocess.run(in_netns(p, ["ip", "-j", "route", "show", "default"]), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    try:
        for route in json.loads(r.stdout or "[]"):
            if route.get("gateway"):
                return route["gateway"]
    except ValueError:
        pass
    return None


def probe_all(p):
    probes = list(p["probes"])
    if p["probe_default_gateway"]:
        gw = default_gateway(p)
        if gw and not any(x.get("kind", "ping") == "ping" and x.get("target") == gw for x in probes):
            probes.insert(0, {"name": "default gateway " + gw, "kind": "ping", "target": gw})
    results = []
    for probe in probes:
        ok, detail = run_probe(p, probe)
        results.append(dict(probe, ok=ok, detail=detail))
    return results


def main():
    module = AnsibleModule(
        argument_spec=dict(
            src=dict(type="path"),
            content=dict(type="str"),
            dest=dict(type="path"),
            vtopo=dict(type="str", default="vtopo"),
            netns=dict(type="str"),
            connect=dict(type="str", default="qemu:///system"),
            state_dir=dict(type="path", default="/var/lib/vtopo"),
            confirm=dict(type="int", default=30),
            probes=dict(type="list", elements="dict", default=[]),
            probe_default_gateway=dict(type="bool", default=True),
            probe_attempts=dict(type="int", default=3),
            allow_disconnect=dict(type="bool", default=False),
            lock_wait=dict(type="int", default=0),
        ),
        required_one_of=[("src", "content")],
        mutually_exclusive=[("src", "content")],
        supports_check_mode=True,
    )
    p = module.params
    vtopo = p["vtopo"]
    if shutil.which(vtopo) is None and not os.access(vtopo, os.X_OK):
        module.fail_json(msg="vtopo executable '%s' not found on the managed host (set the vtopo option)" % vtopo)
    result = dict(changed=False, plan=None, steps=[], verification=None, probes=[], rollback=False)

    src = p["src"]
    tmp = None
    if p["content"] is not None:
        text = p["content"] if p["content"].endswith("\n") else p["content"] + "\n"
        if module.check_mode or not p["dest"]:
            fd, tmp = tempfile.mkstemp(prefix="vtopo-", suffix=".yaml")
            with os.fdopen(fd, "w") as f:
                f.write(text)
            src = tmp
        else:
            os.makedirs(os.path.dirname(p["dest"]) or ".", exist_ok=True)
            old = None
            if os.path.exists(p["dest"]):
                with open(p["dest"]) as f:
                    old = f.read()
            if old != text:
                with open(p["dest"], "w") as f:
                    f.write(text)
            src = p["dest"]
    try:
        run(module, p, vtopo, src, result)
    finally:
        if tmp:
            os.unlink(tmp)


def run(module, p, vtopo, src, result):
    safety = ["--allow-disconnect"] if p["allow_disconnect"] else []
    plan_cmd = [vtopo, "plan", src, "-o", "json"] + host_args(p) + safety
    rc, out, err = module.run_command(plan_cmd)
    try:
        plan = json.loads(out) if out.strip() else None
    except ValueError:
        plan = None
    result["plan"] = plan
    result["steps"] = (plan or {}).get("steps", [])
    if rc not in (0, 2):
        result["rc"] = rc
        module.fail_json(msg="vtopo plan failed (exit %d): %s" % (rc, (err or out).strip()), stderr=err, **result)
    if module._diff and rc == 2:
        _, text, _ = module.run_command([vtopo, "plan", src] + host_args(p) + safety)
        result["diff"] = dict(before_header="live host", after_header=src, before="", after=text)
    if rc == 0:
        module.exit_json(msg="the host already matches the topology", **result)
    if module.check_mode:
        result["changed"] = True
        module.exit_json(msg="%d step(s) would run" % len(result["steps"]), **result)

    apply_cmd = [vtopo, "apply", src, "--yes"] + host_args(p) + safety
    if p["lock_wait"]:
        apply_cmd += ["--lock-wait", str(p["lock_wait"])]
    if p["confirm"] <= 0:
        rc, out, err = module.run_command(apply_cmd)
        result["output"] = out + err
        verify(result, out)
        if rc != 0:
            result["rollback"] = True
            module.fail_json(msg="vtopo apply failed and rolled back: " + err.strip(), **result)
        result["changed"] = True
        module.exit_json(msg="applied and verified", **result)

    apply_cmd += ["--confirm", str(p["confirm"])]
    proc = subprocess.Popen(apply_cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    lines = []
    name = None
    for line in proc.stdout:
        lines.append(line)
        m = re.search(r"Run 'vtopo confirm (\S+)' within", line)
        if m:
            name = m.group(1)
            break
    if name is None:
        lines.append(proc.stdout.read())
        proc.wait()
        result["output"] = "".join(lines)
        verify(result, result["output"])
        result["rollback"] = True
        module.fail_json(msg="vtopo apply failed (exit %d) and rolled the host back" % proc.returncode, **result)
    verify(result, "".join(lines))
    result["probes"] = probe_all(p)
    failed = [x for x in result["probes"] if not x["ok"]]
    if not failed:
        crc, cout, cerr = module.run_command([vtopo, "confirm", name, "--state-dir", p["state_dir"]])
        rest = proc.stdout.read()
        proc.wait()
        result["output"] = "".join(lines) + rest
        if proc.returncode == 0:
            result["changed"] = True
            module.exit_json(msg="applied, verified, probes passed, confirmed", **result)
        result["rollback"] = True
        module.fail_json(msg="vtopo did not keep the change (exit %d): %s" % (proc.returncode, rest.strip()),
                         **result)
    # No confirmation: vtopo rolls the host back when the window ends; wait for it so the next host starts from
    # a known state.
    rest = proc.stdout.read()
    proc.wait()
    result["output"] = "".join(lines) + rest
    result["rollback"] = True
    module.fail_json(msg="probe(s) failed: %s; not confirmed, vtopo rolled the host back (exit %d)" % (
        "; ".join("%s: %s" % (x["name"], x["detail"]) for x in failed), proc.returncode), **result)


def verify(result, out):
    m = re.search(r"Applied (\d+) step\(s\) and verified the host \((\d+) read\(s\)\) in (\d+) ms", out)
    if m:
        result["verification"] = dict(verified=True, steps=int(m.group(1)), reads=int(m.group(2)),
                                      ms=int(m.group(3)))
    elif "apply failed" in out:
        result["verification"] = dict(verified=False)


if __name__ == "__main__":
    main()
