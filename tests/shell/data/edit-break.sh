#!/bin/sh
# Editor for snapshot-edit tests: leaves XML that does not parse.
echo '<domainsnapshot><name>' > "$1"
