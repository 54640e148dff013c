/** Deletes the stored demo connections ($1: their names). */
export const DELETE_DEMO_CONNECTIONS = `delete from recon_connections where name = any($1::text[])`;

/** A row when definition $1 has a run queued or running. */
export const RUN_PENDING = `select 1 from recon_runs where recon_id = $1 and status in ('queued', 'running')`;

/** The database and user Closewatch is connected as. */
export const SELECT_DATABASE_AND_USER = `select current_database() as db, current_user as me`;

/** The database Closewatch is connected to. */
export const SELECT_DATABASE = `select current_database() as db`;

/** Whether Closewatch's user may create databases. */
export const CAN_CREATE_DATABASES = `select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user`;

/** A row when database $1 exists. */
export const DATABASE_EXISTS = `select 1 from pg_database where datname = $1`;

/** Serialises filling the demo tables across replicas (held until the transaction ends). */
export const LOCK_DEMO_FILL = `select pg_advisory_xact_lock(7312019044)`;

/** Creates a demo schema (an id of Closewatch's own, not user input). */
export function createSchema(s: string): string {
  return `create schema if not exists ${s}`;
}

/** Creates a demo database (`quoted`: its name as a quoted identifier). */
export function createDatabase(quoted: string): string {
  return `create database ${quoted}`;
}

/** The demo source table. */
export function createInvoicesTable(inv: string): string {
  return `create table if not exists ${inv} (
          inv_no text primary key, supplier text not null, entity text not null, period text not null, inv_date date not null,
          amount numeric(14, 2) not null, currency char(3) not null, status text not null)`;
}

/** The period the demo source holds, or null when empty. */
export function selectLatestPeriod(inv: string): string {
  return `select max(period) as period from ${inv}`;
}

/** Stores the demo invoices ($1: a JSON array). */
export function insertInvoices(inv: string): string {
  return `insert into ${inv} (inv_no, supplier, entity, period, inv_date, amount, currency, status)
           select x.inv_no, x.supplier, x.entity, x.period, x.inv_date::date, x.amount::numeric, x.currency, x.status
             from jsonb_to_recordset($1::jsonb) as x(inv_no text, supplier text, entity text, period text, inv_date text, amount text, currency text, status text)`;
}

/** The demo target table. */
export function createPostingsTable(ap: string): string {
  return `create table if not exists ${ap} (
            doc_ref text not null, bu text not null, period text not null, gl_date timestamptz not null, amt numeric(14, 2) not null,
            cur char(3) not null, supplier_name text not null, id bigint generated always as identity primary key)`;
}

/** Deletes the demo target's postings of period $1. */
export function deletePeriodPostings(ap: string): string {
  return `delete from ${ap} where period = $1`;
}

/** Stores the demo postings ($1: a JSON array). */
export function insertPostings(ap: string): string {
  return `insert into ${ap} (doc_ref, bu, period, gl_date, amt, cur, supplier_name)
           select x.doc_ref, x.bu, x.period, x.gl_date::timestamptz, x.amt::numeric, x.cur, x.supplier_name
             from jsonb_to_recordset($1::jsonb) as x(doc_ref text, bu text, period text, gl_date text, amt text, cur text, supplier_name text)`;
}

/** Gathers a demo table's statistics (the key ranges split at them). */
export function analyzeTable(table: string): string {
  return `analyze ${table}`;
}
