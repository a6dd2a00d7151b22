/**
 * The command line of the runnable jar ({@code dev.flightwire.cli.Main}), the demo service
 * ({@code dev.flightwire.demo}) and Arrow's integration harness
 * ({@code dev.flightwire.internal.integration}). An application of the library, built beside it
 * and never part of the library artifact; it exports nothing.
 *
 * <p>On the module path: {@code java -p flightwire-VERSION.jar:flightwire-cli-VERSION.jar:DEPENDENCIES
 * --add-opens java.base/java.nio=org.apache.arrow.memory.core -m dev.flightwire.cli/dev.flightwire.cli.Main}.
 */
module dev.flightwire.cli {
  requires dev.flightwire;
  requires org.apache.arrow.compression;
  requires de.siegmar.fastcsv;
  requires info.picocli;
  // serve --dir logs what it could not clean up after a commit succeeded
  requires org.slf4j;
  // the application picks Arrow's allocation manager (the library names none); arrow-memory-core
  // finds it by class name, so requiring it is what puts it in the module graph
  requires org.apache.arrow.memory.unsafe;
  // serve --sql: its engine (DuckDB's JDBC driver) and Arrow's C data interface are optional at
  // run time (not in target/modules; serve --sql says which jar is missing)
  requires java.sql;
  requires static duckdb.jdbc;
  requires static org.apache.arrow.c;
}
