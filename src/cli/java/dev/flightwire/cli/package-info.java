/**
 * The runnable jar's command line ({@code java -jar flightwire.jar <command>}): the Flight client
 * commands (list, info, schema, get, put, exchange, actions, action), {@code serve} with its demo
 * and directory services, and the CSV, table and progress helpers they share. Not API: nothing
 * here is meant to be called by applications, and it may change in any release.
 */
package dev.flightwire.cli;
