"""S3 served by moto over real HTTP (server mode; boto3 is not patched)."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

import boto3
from moto.server import ThreadedMotoServer

from media_store.config import s3_storages

REGION = "us-east-1"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


def start_moto() -> tuple[ThreadedMotoServer, str]:
    # Loopback only: moto's default binds 0.0.0.0:5000. Port 0: any free port.
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def public_read_policy(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/avatars/*", f"arn:aws:s3:::{bucket}/logos/*"],
            }
        ],
    }


def use_s3(
    settings,
    *,
    endpoint: str,
    custom_domain: str | None = None,
    create_bucket: bool = True,
    **options,
):
    """Create a fresh bucket on `endpoint` and point STORAGES at it."""
    bucket = f"gymintel-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    if create_bucket:
        client.create_bucket(Bucket=bucket)
        # As in production (README, "Images"): anyone may read the public prefixes;
        # meal photos stay private and are reached through presigned URLs only.
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read_policy(bucket)))
    settings.STORAGES = {
        **s3_storages(
            bucket_name=bucket,
            endpoint_url=endpoint,
            region_name=REGION,
            custom_domain=custom_domain,
            **CREDENTIALS,
            **options,
        ),
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    return SimpleNamespace(client=client, bucket=bucket, endpoint=endpoint)


def object_keys(s3) -> set[str]:
    listing = s3.client.list_objects_v2(Bucket=s3.bucket)
    return {item["Key"] for item in listing.get("Contents", [])}
