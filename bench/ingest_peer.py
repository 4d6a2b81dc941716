"""The peer of `musicctl ingest` for the ingest benchmark: every table of the platform pulled
whole and written to the lake the usual Python way (boto3's Scan paginator, TypeDeserializer,
the csv module, one put_object per table).

Usage: ingest_peer.py --endpoint-url URL --table-prefix musicctl-<stage>- --bucket BUCKET
                      [--region R] [--tables users,tenants,...]
Writes each table as one CSV (header row, every attribute, lists and maps as JSON text) to
s3://BUCKET/peer/<table>.csv, creating the bucket if it is missing.
Prints one JSON line: items scanned, seconds, items per second.
"""

import argparse
import base64
import csv
import io
import json
import os
import time
from decimal import Decimal

import boto3
from boto3.dynamodb.types import Binary, TypeDeserializer
from botocore.exceptions import ClientError

TABLES = ["users", "tenants", "artists", "albums", "songs", "playlists", "plays"]


def json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Binary):
        return base64.b64encode(value.value).decode()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def cell(value):
    """One attribute as CSV text: scalars as they are, lists, maps and sets as JSON text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Binary):
        return base64.b64encode(value.value).decode()
    if isinstance(value, (list, dict, set, frozenset)):
        return json.dumps(value, default=json_default, ensure_ascii=False, separators=(",", ":"))
    return value


def scan_table(client, table_name):
    """Every item of the table, converted from DynamoDB JSON to Python values."""
    deserializer = TypeDeserializer()
    rows = []
    for page in client.get_paginator("scan").paginate(TableName=table_name):
        for item in page["Items"]:
            rows.append({name: cell(deserializer.deserialize(value)) for name, value in item.items()})
    return rows


def to_csv(rows):
    """One CSV with a column for every attribute that any item has, in the order first seen."""
    fieldnames = list(dict.fromkeys(name for row in rows for name in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def ensure_bucket(s3, bucket, region):
    try:
        s3.head_bucket(Bucket=bucket)
        return
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchBucket", "NotFound"):
            raise
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--table-prefix", required=True, help="e.g. musicctl-local-")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
                        or "us-east-1")
    parser.add_argument("--tables", default=",".join(TABLES), help="comma-separated; default: all seven")
    args = parser.parse_args()

    session = boto3.session.Session(region_name=args.region)
    dynamodb = session.client("dynamodb", endpoint_url=args.endpoint_url)
    s3 = session.client("s3", endpoint_url=args.endpoint_url)
    ensure_bucket(s3, args.bucket, args.region)

    items = 0
    started = time.perf_counter()
    for table in args.tables.split(","):
        rows = scan_table(dynamodb, args.table_prefix + table)
        body = to_csv(rows).encode("utf-8")
        s3.put_object(Bucket=args.bucket, Key=f"peer/{table}.csv", Body=body, ContentType="text/csv")
        items += len(rows)
    seconds = time.perf_counter() - started
    print(json.dumps({"items": items, "seconds": round(seconds, 3),
                      "items_per_second": round(items / seconds, 1) if seconds > 0 else 0.0}))


if __name__ == "__main__":
    main()
