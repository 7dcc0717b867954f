#!/bin/sh
# Editor for snapshot-edit tests: names a parent that does not exist.
sed -i 's/<name>s1</<name>nosuch</' "$1"
