#!/usr/bin/env bash
# A loopback HubSpot CRM (the one the tests use) for trying syncs by hand: CRM search, archived
# objects, private-app token pat-na1-fake, HubSpot's rate-limit headers. Three contacts to start.
#   POST /_fake/contacts {"email": "…", "firstname": "…"}        creates a contact, modified now
#   POST /_fake/contacts {"id": "1001", "phone": "…"}            changes one
# Usage: scripts/hubspot-fake.sh [port (9100)]; the other vendors: scripts/vendor-fake.sh
exec "$(dirname "$0")/vendor-fake.sh" hubspot "${1:-9100}"
