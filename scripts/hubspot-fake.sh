#!/usr/bin/env bash
# A loopback HubSpot CRM (the one the tests use) for trying syncs by hand: CRM search, archived
# objects, private-app token pat-na1-fake, HubSpot's rate-limit headers. Three contacts to start.
#   POST /_fake/contacts {"email": "…", "firstname": "…"}        creates a contact, modified now
#   POST /_fake/contacts {"id": "1001", "phone": "…"}            changes one
# Usage: scripts/hubspot-fake.sh [port (9100)]
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$PWD/target/fake.classpath"
mkdir -p target
./mvnw -B -q -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test -Djacoco.skip=true \
  -Dspotless.check.skip=true
exec java -cp "app/target/test-classes:app/target/classes:$(cat "$cp_file")" \
  io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake "${1:-9100}"
