#!/usr/bin/env python3
"""Runs the layer case tables through the real helm binary (see README.md).

usage: check_with_helm.py fill|check|show CASEFILE [description-substring...]
The helm binary is $HELM, or `helm` on the PATH.
"""
import json, os, shutil, subprocess, sys, tempfile

HELM = os.environ.get("HELM", "helm")


def write_chart(d, c):
    os.makedirs(os.path.join(d, "templates"), exist_ok=True)
    meta = {"apiVersion": "v2", "name": c["name"], "version": c.get("version", "0.1.0")}
    if "deps" in c:
        deps = []
        for dep in c["deps"]:
            dd = dict(dep)
            if "version" not in dd: dd["version"] = "0.1.0"
            elif dd["version"] is None: del dd["version"]
            deps.append(dd)
        meta["dependencies"] = deps
    with open(os.path.join(d, "Chart.yaml"), "w") as f:
        json.dump(meta, f)
    if "values" in c:
        with open(os.path.join(d, "values.yaml"), "w") as f:
            json.dump(c["values"], f)
    with open(os.path.join(d, "templates", "probe.yaml"), "w") as f:
        f.write("# VALUES {{ toJson .Values }}\n")
    for i, sc in enumerate(c.get("charts", [])):
        write_chart(os.path.join(d, "charts", sc.get("dir", sc["name"])), sc)

def run(row):
    tmp = tempfile.mkdtemp(prefix="lxc")
    try:
        cdir = os.path.join(tmp, row["chart"]["name"])
        write_chart(cdir, row["chart"])
        args = [HELM, "template", "r", cdir]
        for i, u in enumerate(row.get("user", [])):
            p = os.path.join(tmp, f"u{i}.yaml")
            with open(p, "w") as f:
                json.dump(u, f)
            args += ["-f", p]
        p = subprocess.run(args, capture_output=True, text=True, cwd=tmp)
        exp = {"values": {}, "warnings": []}
        for line in p.stderr.splitlines():
            if line.startswith("Error: "):
                exp["error"] = line[len("Error: "):]
            else:
                exp["warnings"].append(line)
        src = None
        for line in p.stdout.splitlines():
            if line.startswith("# Source: "):
                src = line[len("# Source: "):]
            elif line.startswith("# VALUES "):
                parts = src.split("/")[:-2]
                exp["values"][".".join(parts[2::2])] = json.loads(line[len("# VALUES "):])
        if "error" in exp:
            exp["values"] = {}
        return exp
    finally:
        shutil.rmtree(tmp)

def dump(rows):
    out = ["["]
    for i, r in enumerate(rows):
        c = lambda v: json.dumps(v, separators=(", ", ": "), sort_keys=False)
        lines = ["  {", f'    "description": {c(r["description"])},', f'    "chart": {c(r["chart"])},',
                 f'    "user": {c(r.get("user", []))},']
        e = r["expected"]
        el = ['    "expected": {', f'      "values": {{']
        vals = list(e["values"].items())
        for j, (k, v) in enumerate(vals):
            el.append(f'        {c(k)}: {json.dumps(v, separators=(",", ":"), sort_keys=True)}' + ("," if j + 1 < len(vals) else ""))
        el.append("      },")
        el.append(f'      "warnings": {json.dumps(e["warnings"], indent=None)}' + ("," if "error" in e else ""))
        if "error" in e:
            el.append(f'      "error": {c(e["error"])}')
        el.append("    }")
        lines += el
        lines.append("  }" + ("," if i + 1 < len(rows) else ""))
        out += lines
    out.append("]")
    return "\n".join(out) + "\n"

if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    only = sys.argv[3:]
    rows = json.load(open(path))
    bad = 0
    for r in rows:
        if only and not any(o in r["description"] for o in only):
            continue
        if mode == "fill" and "expected" in r and not only:
            continue
        got = run(r)
        if mode == "fill":
            r["expected"] = got
        elif mode == "check":
            want = r.get("expected")
            norm = lambda e: json.dumps(dict(e, warnings=sorted(e["warnings"])) if e else e, sort_keys=True)
            if want is None or norm(want) != norm(got):
                bad += 1
                print("MISMATCH:", r["description"]); print("  helm:", norm(got)); print("  file:", norm(want))
        else:
            print("==", r["description"]); print(json.dumps(got, indent=1, sort_keys=True))
    if mode == "fill":
        open(path, "w").write(dump(rows))
    if mode == "check":
        print(f"{bad} mismatches")
