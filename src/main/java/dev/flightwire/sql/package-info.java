/**
 * Flight SQL, the protocol for SQL databases over Arrow Flight: its commands (sent in a
 * {@code FlightDescriptor}'s command or a {@code Ticket}, see {@link dev.flightwire.sql.FlightSqlCommand}),
 * the bodies and results of its actions ({@link dev.flightwire.sql.FlightSqlActions}), the results
 * of its DoPut calls, and the ids of its server information ({@link dev.flightwire.sql.SqlInfo}).
 * Each is an immutable value whose {@code toBytes()} gives the protobuf message as Arrow's Flight SQL
 * clients and servers exchange it (wrapped in a {@code google.protobuf.Any}, except the DoPut
 * results, which travel bare in a PutResult's app_metadata), and whose static {@code parse} reads
 * one. {@link dev.flightwire.sql.FlightSqlClient} and {@link dev.flightwire.sql.FlightSqlServerBase}
 * are the client and the server framework. Names follow Arrow Java's {@code FlightSqlClient} and
 * {@code FlightSqlProducer}. Byte arrays are copied in and out; an {@code optional} protobuf field
 * is a nullable component (null when unset), as each accessor says.
 */
package dev.flightwire.sql;
