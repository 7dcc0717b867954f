#!/bin/sh
# Editor for snapshot-edit tests: s1 takes the name of s2.
sed -i 's/<name>s1</<name>s2</' "$1"
