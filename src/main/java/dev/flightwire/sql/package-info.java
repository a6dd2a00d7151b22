/**
 * Flight SQL, the protocol for SQL databases over Arrow Flight: its commands (sent in a
 * {@code FlightDescriptor}'s command or a {@code Ticket}, see {@link dev.flightwire.sql.FlightSqlCommand}),
 * the bodies and results of its actions ({@link dev.flightwire.sql.FlightSqlActions}), the results
 * of its DoPut calls, and the ids of its server information ({@link dev.flightwire.sql.SqlInfo}).
 * Each is an immutable value whose {@code toBytes()} gives the {@code google.protobuf.Any}-wrapped
 * protobuf message that Arrow's Flight SQL clients and servers exchange, and whose static
 * {@code parse} reads one. Names follow Arrow Java's {@code FlightSqlClient} and
 * {@code FlightSqlProducer}. Byte arrays are copied in and out; an {@code optional} protobuf field
 * is a nullable component (null when unset), as each accessor says.
 */
package dev.flightwire.sql;
