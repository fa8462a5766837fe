#!/usr/bin/env bash
# Runs one of the loopback vendor fakes the tests use, for trying syncs and destinations by hand; it
# prints its URL,
# the Hookyard settings that point at it, and the connection and sync JSON to create.
#   hubspot       HubSpot CRM (private-app token pat-na1-fake), port 9100
#   exact-online  Exact Online (OAuth, division 123456, 60 calls a minute), port 9101
#   salesforce    Salesforce (OAuth, SOQL, getDeleted), port 9102
#   pipedrive     Pipedrive (API token, company domain acme), port 9103
#   sap-odata     SAP Gateway OData v2 and v4 (Basic), port 9104
#   jira          Jira Cloud (API token or OAuth 3LO; GET /_fake/issues), port 9300
#   ms-graph-mail Microsoft Graph sendMail and Entra ID on port+1 (GET /_fake/mails), port 9310
# Usage: scripts/vendor-fake.sh <vendor> [port]   (FAKE_SKIP_BUILD=1: reuse the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=io.hookyard.app.support.vendor
case "${1:-}" in
  hubspot) main=$pkg.hubspot.HubSpotCrmFake port=9100 ;;
  exact-online) main=$pkg.exactonline.ExactOnlineFakeMain port=9101 ;;
  salesforce) main=$pkg.salesforce.SalesforceFakeMain port=9102 ;;
  pipedrive) main=$pkg.pipedrive.PipedriveFakeMain port=9103 ;;
  sap-odata) main=$pkg.sapodata.SapODataFakeMain port=9104 ;;
  jira) main=$pkg.jira.JiraFake port=9300 ;;
  ms-graph-mail) main=$pkg.msgraph.GraphMailFake port=9310 ;;
  *)
    echo "usage: $0 hubspot|exact-online|salesforce|pipedrive|sap-odata|jira|ms-graph-mail [port]" >&2
    exit 2
    ;;
esac
cp_file="$PWD/target/fake.classpath"
mkdir -p target
if [ -z "${FAKE_SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test -Djacoco.skip=true \
    -Dspotless.check.skip=true
fi
exec java -cp "app/target/test-classes:app/target/classes:$(cat "$cp_file")" "$main" "${2:-$port}"
