#!/bin/bash
# Runs once, right after the official influxdb:2.x image's first-start setup (DOCKER_INFLUXDB_INIT_MODE=setup).
# Maps the InfluxQL database "<bucket>" / retention policy "autogen" to the bucket, so that InfluxQL (Grafana's
# dashboards, `influx v1 shell`) works on it. The entrypoint has already configured the `influx` CLI with the
# admin token and exported DOCKER_INFLUXDB_INIT_BUCKET_ID.
set -euo pipefail

db="${DOCKER_INFLUXDB_INIT_BUCKET:?}"
if influx v1 dbrp list --db "$db" 2>/dev/null | grep -q "$DOCKER_INFLUXDB_INIT_BUCKET_ID"; then
  echo "dbrp: $db/autogen already mapped"
  exit 0
fi
influx v1 dbrp create \
  --org "${DOCKER_INFLUXDB_INIT_ORG:?}" \
  --bucket-id "${DOCKER_INFLUXDB_INIT_BUCKET_ID:?}" \
  --db "$db" \
  --rp autogen \
  --default
echo "dbrp: InfluxQL database $db/autogen -> bucket $db"
