#!/bin/sh
# Editor for snapshot-edit tests: the snapshot was taken paused.
sed -i 's/<state>running</<state>paused</' "$1"
