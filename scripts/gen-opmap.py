#!/usr/bin/env python3
"""Regenerates the operation map from botocore's service models.

botocore (Apache-2.0) is pinned to one version, the one awscli 1.46.3 was
released against. Install it anywhere and put it first on the path, e.g.
from the repository root:

    .tools/venv/bin/pip install --no-deps --target /tmp/opmap-botocore botocore==1.43.62
    PYTHONPATH=/tmp/opmap-botocore .tools/venv/bin/python scripts/gen-opmap.py

(botocore also needs jmespath, python-dateutil and urllib3, which the venv
has.) Uses only the standard library and botocore. Writes
static/catalog/opmap-<hash>.txt and src/opmap/generated.rs (its name and the
source version), and removes the previous opmap-*.txt. The format is
documented in src/opmap/format.rs:

    opmap  1  botocore  <version>  <services>  <operations>
    S  <cli name>  <botocore name>  <signing name>  <endpoint prefix|=>  <event source|->
    <ApiName>  <command|=>  [<Member>[=<flag>],...]
    W  <WaiterName>  <ApiName it polls>  [<command>]

`=` in the command column means the command is the API name in awscli's
kebab case, computed here with botocore.xform_name(name, '-') exactly as
awscli does; the generator writes the command out whenever the simple rule
the Rust side uses (src/opmap/format.rs, `kebab`) would give another name.
Likewise a member's flag is written only when it differs from `kebab`.
"""

import gzip
import hashlib
import os
import re
import sys

PACKAGE = "botocore"
PINNED = "1.43.62"

try:
    import botocore
    import botocore.exceptions
    import botocore.session
    from botocore import xform_name
except ImportError:
    sys.exit(
        f"gen-opmap: botocore is not importable; install {PACKAGE}=={PINNED} "
        "and put it on PYTHONPATH (see this script's docstring)"
    )

if botocore.__version__ != PINNED:
    sys.exit(
        f"gen-opmap: botocore {botocore.__version__} is installed ({botocore.__file__}) "
        f"but the operation map is pinned to {PACKAGE} {PINNED}; install it with "
        f"`pip install --no-deps --target DIR {PACKAGE}=={PINNED}` and run with PYTHONPATH=DIR"
    )

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# awscli renames three services' commands (awscli 1.46.3:
# customizations/s3/s3.py, configservice/rename_cmd.py, codedeploy/codedeploy.py).
# `aws s3` itself is the high-level command set, not an API service.
SERVICE_RENAMES = {"s3": "s3api", "config": "configservice", "codedeploy": "deploy"}

# awscli's argument renames (awscli 1.46.3, customizations/argrename.py
# ARGUMENT_RENAMES) that hit a top-level string member in this botocore:
# '<cli service>.<command or *>.<flag>' -> new flag. Rows for non-string
# members (ec2's --no-* booleans, ...) are left out: the map has no such flags.
ARGUMENT_RENAMES = {
    "apigateway.create-rest-api.version": "api-version",
    "apigatewayv2.create-api.version": "api-version",
    "apigatewayv2.update-api.version": "api-version",
    "clouddirectory.publish-schema.version": "schema-version",
    "cloudsearchdomain.search.query": "search-query",
    "cloudsearchdomain.suggest.query": "suggest-query",
    "codepipeline.create-custom-action-type.version": "action-version",
    "codepipeline.delete-custom-action-type.version": "action-version",
    "codepipeline.get-action-type.version": "action-version",
    "controltower.create-landing-zone.version": "landing-zone-version",
    "controltower.update-landing-zone.version": "landing-zone-version",
    "datapipeline.get-pipeline-definition.version": "pipeline-version",
    "eks.create-cluster.version": "kubernetes-version",
    "eks.create-nodegroup.version": "kubernetes-version",
    "eks.update-cluster-version.version": "kubernetes-version",
    "eks.update-nodegroup-version.version": "kubernetes-version",
    "emr.*.job-flow-id": "cluster-id",
    "gamelift.create-build.version": "build-version",
    "gamelift.create-script.version": "script-version",
    "gamelift.update-build.version": "build-version",
    "gamelift.update-script.version": "script-version",
    "glue.get-unfiltered-partition-metadata.region": "resource-region",
    "glue.get-unfiltered-partitions-metadata.region": "resource-region",
    "glue.get-unfiltered-table-metadata.region": "resource-region",
    "lex-models.delete-bot-version.version": "bot-version",
    "lex-models.delete-intent-version.version": "intent-version",
    "lex-models.delete-slot-type-version.version": "slot-type-version",
    "lex-models.get-export.version": "resource-version",
    "lex-models.get-intent.version": "intent-version",
    "lex-models.get-slot-type.version": "slot-type-version",
    "license-manager.delete-grant.version": "grant-version",
    "license-manager.get-grant.version": "grant-version",
    "license-manager.get-license.version": "license-version",
    "mturk.list-qualification-types.query": "types-query",
    "pinpoint.delete-email-template.version": "template-version",
    "pinpoint.delete-in-app-template.version": "template-version",
    "pinpoint.delete-push-template.version": "template-version",
    "pinpoint.delete-sms-template.version": "template-version",
    "pinpoint.delete-voice-template.version": "template-version",
    "pinpoint.get-campaign-version.version": "campaign-version",
    "pinpoint.get-email-template.version": "template-version",
    "pinpoint.get-in-app-template.version": "template-version",
    "pinpoint.get-push-template.version": "template-version",
    "pinpoint.get-segment-version.version": "segment-version",
    "pinpoint.get-sms-template.version": "template-version",
    "pinpoint.get-voice-template.version": "template-version",
    "pinpoint.update-email-template.version": "template-version",
    "pinpoint.update-in-app-template.version": "template-version",
    "pinpoint.update-push-template.version": "template-version",
    "pinpoint.update-sms-template.version": "template-version",
    "pinpoint.update-voice-template.version": "template-version",
    "sns.subscribe.endpoint": "notification-endpoint",
    "stepfunctions.send-task-success.output": "task-output",
    "swf.register-activity-type.version": "activity-version",
    "swf.register-workflow-type.version": "workflow-version",
    "workdocs.create-notification-subscription.endpoint": "notification-endpoint",
    "workdocs.describe-users.query": "user-query",
}

_FIRST = re.compile(r"(.)([A-Z][a-z]+)")
_END = re.compile(r"([a-z0-9])([A-Z])")


def kebab(name):
    """The simple rule the Rust side applies to `=` entries (src/opmap/format.rs):
    a dash before every capital that follows a lower-case letter or digit,
    and before the last capital of a run that a lower-case letter follows.
    botocore's xform_name adds special cases (a cache, trailing `ARNs`); the
    generator writes the name out wherever they differ."""
    return _END.sub(r"\1-\2", _FIRST.sub(r"\1-\2", name)).lower()


def renamed_flag(cli, command, flag):
    return ARGUMENT_RENAMES.get(f"{cli}.{command}.{flag}") or ARGUMENT_RENAMES.get(
        f"{cli}.*.{flag}", flag
    )


def check(field, what):
    if not field or any(c in field for c in "\t\n,=") or field in ("=", "-"):
        sys.exit(f"gen-opmap: {what} {field!r} cannot be written in the map's format")
    return field


def main():
    session = botocore.session.get_session()
    lines = []
    n_services = n_operations = 0
    for name in sorted(session.get_available_services()):
        model = session.get_service_model(name)
        cli = SERVICE_RENAMES.get(name, name)
        signing = model.signing_name
        endpoint = model.endpoint_prefix
        # CloudTrail names the source `<service>.amazonaws.com`; it is only
        # derivable when the signing name and the endpoint prefix agree.
        event_source = f"{signing}.amazonaws.com" if signing == endpoint else "-"
        lines.append(
            "\t".join(
                [
                    "S",
                    check(cli, "CLI name"),
                    check(name, "service name"),
                    check(signing, "signing name"),
                    "=" if endpoint == signing else check(endpoint, "endpoint prefix"),
                    event_source,
                ]
            )
        )
        n_services += 1
        for op_name in sorted(model.operation_names):
            op = model.operation_model(op_name)
            command = xform_name(op_name, "-")
            inputs = []
            shape = op.input_shape
            if shape is not None:
                for member, member_shape in shape.members.items():
                    if member_shape.type_name != "string":
                        continue
                    flag = renamed_flag(cli, command, xform_name(member, "-"))
                    check(member, "member")
                    inputs.append(member if flag == kebab(member) else f"{member}={check(flag, 'flag')}")
            cmd_field = "=" if command == kebab(op_name) else check(command, "command")
            lines.append("\t".join([check(op_name, "operation"), cmd_field, ",".join(inputs)]).rstrip("\t"))
            n_operations += 1
        # `aws <service> wait <waiter>` polls one operation until a state is
        # reached: the waiter needs exactly that operation's permission.
        try:
            waiters = session.get_waiter_model(name)
        except botocore.exceptions.DataNotFoundError:
            waiters = None
        for waiter_name in sorted(waiters.waiter_names if waiters else []):
            operation = waiters.get_waiter(waiter_name).operation
            if operation not in model.operation_names:
                sys.exit(f"gen-opmap: {name} waiter {waiter_name} polls unknown {operation}")
            command = xform_name(waiter_name, "-")
            fields = ["W", check(waiter_name, "waiter"), check(operation, "operation")]
            if command != kebab(waiter_name):
                fields.append(check(command, "waiter command"))
            lines.append("\t".join(fields))
    header = "\t".join(["opmap", "1", PACKAGE, PINNED, str(n_services), str(n_operations)])
    text = header + "\n" + "\n".join(lines) + "\n"
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:8]
    file_name = f"opmap-{digest}.txt"
    out_dir = os.path.join(ROOT, "static", "catalog")
    for old in os.listdir(out_dir):
        if old.startswith("opmap-") and old.endswith(".txt") and old != file_name:
            os.unlink(os.path.join(out_dir, old))
    with open(os.path.join(out_dir, file_name), "wb") as f:
        f.write(data)
    rust = f"""// @generated by scripts/gen-opmap.py from {PACKAGE} {PINNED}. Do not edit.

/// The PyPI package the operation map is generated from.
pub const SOURCE_PACKAGE: &str = "{PACKAGE}";
/// Its pinned version.
pub const SOURCE_VERSION: &str = "{PINNED}";
/// The map's file name under `static/catalog/` (content-hashed).
pub const OPMAP_FILE: &str = "{file_name}";

/// The map's text, for the CLI and native tests. The web app fetches the
/// file instead, and only when an input needs it.
#[cfg(not(target_arch = "wasm32"))]
pub const OPMAP_TEXT: &str = include_str!("../../static/catalog/{file_name}");
"""
    os.makedirs(os.path.join(ROOT, "src", "opmap"), exist_ok=True)
    with open(os.path.join(ROOT, "src", "opmap", "generated.rs"), "w") as f:
        f.write(rust)
    gz = len(gzip.compress(data, 9))
    print(
        f"gen-opmap: {n_services} services, {n_operations} operations -> "
        f"static/catalog/{file_name} ({len(data)} bytes, {gz} gzip -9)"
    )


if __name__ == "__main__":
    main()
