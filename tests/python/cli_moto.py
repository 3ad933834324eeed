"""The real AWS CLI against moto, signed as a user holding only the policy
`policy-builder from-commands` printed for the job's own commands.

Test-only (tests/it/cli_moto.rs drives it); never shipped. Reads a JSON spec
on stdin and prints one JSON result per job on stdout:

    {"cli": "/path/to/policy-builder",
     "jobs": [{"name": ..., "script": "...", "params": {"VAR": "value"},
               "buckets": [...], "objects": {"bucket/key": "body"},
               "files": {"build/index.html": "..."},
               "distribution_param": "DISTRIBUTION" | null,
               "run": ["aws ...", ...], "neighbours": ["aws ...", ...]}]}

For each job: a fresh moto server on 127.0.0.1 (IAM checks off), the
buckets, objects and (if asked) a CloudFront distribution whose id fills
`distribution_param`; the policy from the CLI for `script`; an IAM user with
only that policy and an access key; then IAM checks on (POST
/moto-api/reset-auth with a raw "0"), and each `run` and `neighbours`
command in bash, with the script's variables and the user's key in the
environment and AWS_ENDPOINT_URL pointing at moto.

What moto 5.2.5 can check, and so what this can show (shared/TOOLCHAIN.md):
S3 against real ARNs; other services by action only, on resource "*", so
the copy given to moto widens non-S3 statements to "*" (their ARN scoping
is asserted by the core tests); conditions never evaluated.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import urllib.request

import boto3
from moto.server import ThreadedMotoServer

ACCOUNT = "123456789012"  # moto's default account


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin(kind, url):
    return boto3.client(
        kind,
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def create_distribution(url):
    cf = admin("cloudfront", url)
    config = {
        "CallerReference": "cli-moto",
        "Comment": "",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "site",
                    "DomainName": "site.s3.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "allow-all",
            "MinTTL": 0,
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
            "TrustedSigners": {"Enabled": False, "Quantity": 0},
        },
    }
    return cf.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def policy_for(cli, script, params):
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(script)
        path = f.name
    args = [cli, "from-commands", path, "--account", ACCOUNT, "--format", "json"]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    out = subprocess.run(args, capture_output=True, text=True)
    os.unlink(path)
    if out.returncode != 0:
        sys.exit(f"from-commands exited {out.returncode}: {out.stdout}{out.stderr}")
    return json.loads(out.stdout)["policy"]


def widen_for_moto(policy):
    """moto matches non-S3 actions only against resource "*"."""
    copy = json.loads(json.dumps(policy))
    for s in copy["Statement"]:
        actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
        if all(not a.startswith("s3:") for a in actions):
            s["Resource"] = "*"
    return copy


def reset_auth(url, unchecked):
    """IAM checks start after `unchecked` more requests. The body is the raw
    number: a form-encoded one makes moto answer 500."""
    req = urllib.request.Request(
        f"{url}/moto-api/reset-auth",
        data=str(unchecked).encode(),
        method="POST",
        headers={"Content-Type": "text/plain"},
    )
    urllib.request.urlopen(req).read()


def run(command, env, cwd):
    out = subprocess.run(
        ["bash", "-c", command], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    return {"command": command, "code": out.returncode, "stderr": out.stderr[-2000:]}


def job(cli, spec):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    try:
        # moto's backends are per process, not per server: start clean.
        urllib.request.urlopen(
            urllib.request.Request(f"{url}/moto-api/reset", data=b"", method="POST")
        ).read()
        s3 = admin("s3", url)
        for b in spec.get("buckets", []):
            s3.create_bucket(Bucket=b)
        for path, body in spec.get("objects", {}).items():
            bucket, key = path.split("/", 1)
            s3.put_object(Bucket=bucket, Key=key, Body=body.encode())
        params = dict(spec.get("params", {}))
        if spec.get("distribution_param"):
            params[spec["distribution_param"]] = create_distribution(url)
        policy = policy_for(cli, spec["script"], params)
        iam = admin("iam", url)
        iam.create_user(UserName="ci")
        iam.put_user_policy(
            UserName="ci", PolicyName="job", PolicyDocument=json.dumps(widen_for_moto(policy))
        )
        key = iam.create_access_key(UserName="ci")["AccessKey"]
        # Checks on: every request from here is signed as `ci` and evaluated.
        reset_auth(url, 0)
        with tempfile.TemporaryDirectory() as work:
            for rel, body in spec.get("files", {}).items():
                path = os.path.join(work, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(body)
            env = {
                "PATH": os.environ["PATH"],
                "HOME": work,
                "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
                "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": url,
                "AWS_CONFIG_FILE": os.path.join(work, "no-config"),
                "AWS_SHARED_CREDENTIALS_FILE": os.path.join(work, "no-credentials"),
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_PAGER": "",
                **params,
            }
            ran = [run(c, env, work) for c in spec["run"]]
            neighbours = [run(c, env, work) for c in spec["neighbours"]]
        # What the job left in the bucket, read with checks off again.
        reset_auth(url, 1000)
        keys = {}
        for b in spec.get("buckets", []):
            listed = s3.list_objects_v2(Bucket=b).get("Contents", [])
            keys[b] = {
                o["Key"]: s3.get_object(Bucket=b, Key=o["Key"])["Body"].read().decode()
                for o in listed
            }
        return {
            "name": spec["name"],
            "policy": policy,
            "params": params,
            "run": ran,
            "neighbours": neighbours,
            "keys": keys,
        }
    finally:
        server.stop()


def main():
    spec = json.load(sys.stdin)
    for j in spec["jobs"]:
        print(json.dumps(job(spec["cli"], j)), flush=True)


if __name__ == "__main__":
    main()
