"""The Forgejo (and Gitea) variants of the CI workflows, made from GitHub's: one source, no drift.

`.github/workflows/*.yml` are the source. Forgejo Actions reads the same syntax with a few
differences that matter here, and this module applies exactly those:

- `runs-on` names a label of the office's own runner (`self-hosted`), not a GitHub machine;
- Python comes from the runner's image, not from `actions/setup-python` (which downloads it);
- Forgejo checks out the pull request's own head, not a merge with the target branch, so the
  validation job fetches the whole history and makes that merge itself: afterwards `HEAD^1`
  is the target branch's tip on both forges, and the checking steps are the same;
- there are no GitHub Pages: the deploy job builds the site, then copies it with rsync over SSH
  to the intranet web server named by the repository's secrets.

`python -m generator.git.workflows` rewrites `.forgejo/workflows/`; a test fails when they drift.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

GITHUB = Path(".github") / "workflows"
FORGEJO = Path(".forgejo") / "workflows"
RUNNER = "self-hosted"

MERGE = {
    "name": "Ghép thử pull request vào nhánh đích (GitHub làm sẵn bước này)",
    "id": "merge",
    "env": {"BASE_REF": "${{ github.base_ref }}", "HEAD_SHA": "${{ github.sha }}"},
    "run": 'git checkout --quiet --detach "origin/$BASE_REF"\n'
           'if ! git -c user.name=tiendo -c user.email=tiendo@localhost merge --quiet --no-ff --no-edit "$HEAD_SHA"; then\n'
           '  echo "::error::Pull request xung đột với nhánh đích: cập nhật nhánh của mình rồi đẩy lại."\n'
           "  exit 1\n"
           "fi\n",
}
PUBLISH = {
    "name": "Xuất bản lên máy chủ web nội bộ",
    "id": "publish",
    "env": {"DEPLOY_TARGET": "${{ secrets.DEPLOY_TARGET }}", "DEPLOY_SSH_KEY": "${{ secrets.DEPLOY_SSH_KEY }}",
            "DEPLOY_KNOWN_HOSTS": "${{ secrets.DEPLOY_KNOWN_HOSTS }}"},
    "run": "umask 077\n"
           'key="$(mktemp)"\n'
           'hosts="$(mktemp)"\n'
           "trap 'rm -f \"$key\" \"$hosts\"' EXIT\n"
           'printf \'%s\\n\' "$DEPLOY_SSH_KEY" > "$key"\n'
           'printf \'%s\\n\' "$DEPLOY_KNOWN_HOSTS" > "$hosts"\n'
           "# --delay-updates: the new files take their places together at the end\n"
           'rsync -rlt --delete --delay-updates -e "ssh -i $key -o UserKnownHostsFile=$hosts -o BatchMode=yes" \\\n'
           '  site/ "$DEPLOY_TARGET"\n',
}


def forgejo(github: dict[str, Any]) -> dict[str, Any]:
    """A GitHub workflow (as read by `load`) turned into its Forgejo variant."""
    workflow = {**github, "jobs": {}}
    validates_a_change = False
    for name, job in github["jobs"].items():
        steps = job.get("steps", [])
        ids = {step.get("id") for step in steps}
        if any(step.get("uses", "").startswith("actions/deploy-pages@") for step in steps):
            continue  # publishing to GitHub Pages: replaced by the publish step of the build job
        out = []
        for step in steps:
            step_id = step.get("id")
            if step_id in ("python", "pages"):
                continue
            if step_id == "upload":
                out.append(PUBLISH)
                continue
            if step_id == "build":
                step = {**step, "env": {**step.get("env", {}), "SITE_URL": "${{ secrets.SITE_URL }}"}}
            out.append(step)
            if step_id == "checkout" and "base" in ids:  # a pull request: judged as it would merge
                validates_a_change = True
                out[-1] = {**step, "with": {**step["with"], "fetch-depth": 0}}
                out.append(MERGE)
        workflow["jobs"][name] = {**job, "runs-on": RUNNER, "steps": out}
    if not validates_a_change and "pull_request" in github["on"]:
        raise ValueError("a pull-request workflow whose checkout or base step this module does not know")
    return workflow


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def load(source: str) -> dict[str, Any]:
    """A workflow file's content; YAML 1.1 reads the key `on` as true, a workflow means the word."""
    workflow = yaml.safe_load(source)
    return {("on" if key is True else key): value for key, value in workflow.items()}


def render(source: str, name: str) -> str:
    header = (f"# Made by `python -m generator.git.workflows` from .github/workflows/{name}: edit that file.\n"
              "# The differences and why: generator/git/workflows.py.\n")
    body = yaml.dump(forgejo(load(source)), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    # the version noted beside each action pinned by its commit, as in the source
    notes = dict(re.findall(r"uses: (\S+) (# .+)", source))
    body = re.sub(r"uses: (\S+)$", lambda m: f"{m.group(0)} {notes[m.group(1)]}" if m.group(1) in notes
                  else m.group(0), body, flags=re.M)
    return header + body


def variants(root: Path) -> dict[Path, str]:
    """Each Forgejo workflow (path inside the repository) and its text."""
    return {FORGEJO / path.name: render(path.read_text(encoding="utf-8"), path.name)
            for path in sorted((root / GITHUB).glob("*.yml"))}


def main(root: Path = Path(".")) -> None:
    for relative, text in variants(root).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"Đã ghi {relative}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
