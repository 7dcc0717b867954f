#!/bin/sh
# Editor for snapshot-edit tests: s1 becomes s9 (a parent named s1 too).
sed -i 's/<name>s1</<name>s9</' "$1"
