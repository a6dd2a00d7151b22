package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The fixed schemas: names, types and nullability that drivers (Arrow Java's JDBC driver) read. */
class FlightSqlSchemasTest {
  @Test
  void sqlInfoUnionHasTheSpecsMembersAndChildNames() {
    Field value = FlightSqlSchemas.GET_SQL_INFO.findField("value");
    assertFalse(value.isNullable());
    assertEquals(List.of("string_value", "bool_value", "bigint_value", "int32_bitmask", "string_list",
        "int32_to_int32_list_map"), value.getChildren().stream().map(Field::getName).toList());
    Field list = value.getChildren().get(4);
    assertEquals("item", list.getChildren().get(0).getName());
    Field map = value.getChildren().get(5);
    assertEquals(new ArrowType.Map(false), map.getType());
    Field entries = map.getChildren().get(0);
    assertEquals("entries", entries.getName());
    assertFalse(entries.isNullable());
    assertEquals(List.of("key", "value"), entries.getChildren().stream().map(Field::getName).toList());
    assertFalse(entries.getChildren().get(0).isNullable());
    assertEquals("item", entries.getChildren().get(1).getChildren().get(0).getName());
    assertEquals(new ArrowType.Int(32, false), FlightSqlSchemas.GET_SQL_INFO.findField("info_name").getType());
  }

  @Test
  void keysAndTypeInfoColumns() {
    assertEquals(List.of("pk_catalog_name", "pk_db_schema_name", "pk_table_name", "pk_column_name",
        "fk_catalog_name", "fk_db_schema_name", "fk_table_name", "fk_column_name", "key_sequence", "fk_key_name",
        "pk_key_name", "update_rule", "delete_rule"), names(FlightSqlSchemas.GET_KEYS));
    assertEquals(new ArrowType.Int(8, false), FlightSqlSchemas.GET_KEYS.findField("delete_rule").getType());
    assertEquals(19, FlightSqlSchemas.GET_XDBC_TYPE_INFO.getFields().size());
    assertFalse(FlightSqlSchemas.GET_XDBC_TYPE_INFO.findField("create_params").getChildren().get(0).isNullable());
    assertTrue(FlightSqlSchemas.GET_DB_SCHEMAS.findField("catalog_name").isNullable());
    assertFalse(FlightSqlSchemas.GET_DB_SCHEMAS.findField("db_schema_name").isNullable());
  }

  @Test
  void everySchemaSurvivesIpc() {
    for (Schema s : List.of(FlightSqlSchemas.GET_CATALOGS, FlightSqlSchemas.GET_DB_SCHEMAS, FlightSqlSchemas.GET_TABLES,
        FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, FlightSqlSchemas.GET_TABLE_TYPES, FlightSqlSchemas.GET_PRIMARY_KEYS,
        FlightSqlSchemas.GET_KEYS, FlightSqlSchemas.GET_SQL_INFO, FlightSqlSchemas.GET_XDBC_TYPE_INFO)) {
      assertEquals(s, Schema.deserializeMessage(ByteBuffer.wrap(s.serializeAsMessage())));
    }
  }

  @Test
  void ofKnowsTheMetadataCommandsOnly() {
    assertEquals(FlightSqlSchemas.GET_TABLES, FlightSqlSchemas.of(new GetTables(null, null, null, List.of(), false)));
    assertEquals(FlightSqlSchemas.GET_KEYS, FlightSqlSchemas.of(new GetCrossReference(null, null, "a", null, null, "b")));
    assertNull(FlightSqlSchemas.of(new StatementQuery("SELECT 1", null)));
  }

  private static List<String> names(Schema s) {
    return s.getFields().stream().map(Field::getName).toList();
  }
}
