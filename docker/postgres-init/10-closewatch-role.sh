#!/bin/sh
# Runs once, when the postgres container initialises an empty volume (docker-entrypoint-initdb.d):
# creates Closewatch's own role, not a superuser, owning the closewatch database, and the
# extensions its migrations use (created here by the superuser). docs/configuration.md,
# "Database roles", gives the same statements for a server set up by hand.
set -eu
: "${CLOSEWATCH_DB_PASSWORD:?set CLOSEWATCH_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v app_password="$CLOSEWATCH_DB_PASSWORD" <<'SQL'
create role closewatch_app login nosuperuser nocreatedb nocreaterole password :'app_password';
create database closewatch owner closewatch_app;
\connect closewatch
create extension if not exists pgcrypto;
create extension if not exists pg_trgm;
SQL
