#!/bin/sh
# Editor for snapshot-edit tests: the file disappears.
rm -f "$1"
