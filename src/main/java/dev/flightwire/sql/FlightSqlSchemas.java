package dev.flightwire.sql;

import java.util.List;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The fixed result schemas of the Flight SQL metadata commands, column names, types and
 * nullability as FlightSql.proto documents them (and as Arrow Java's
 * {@code FlightSqlProducer.Schemas} writes them, child names included: list items are
 * {@code item}, map entries {@code entries} with {@code key} and {@code value}). Statements and
 * prepared statements have no fixed schema: the server states it per query.
 */
public final class FlightSqlSchemas {
  private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType UINT8 = new ArrowType.Int(8, false);
  private static final ArrowType BOOL = ArrowType.Bool.INSTANCE;

  /** {@link GetCatalogs}: {@code catalog_name utf8 not null}. */
  public static final Schema GET_CATALOGS = new Schema(List.of(notNull("catalog_name", UTF8)));

  /** {@link GetDbSchemas}: {@code catalog_name utf8, db_schema_name utf8 not null}. */
  public static final Schema GET_DB_SCHEMAS = new Schema(List.of(
      nullable("catalog_name", UTF8), notNull("db_schema_name", UTF8)));

  /**
   * {@link GetTables} without {@code include_schema}: {@code catalog_name utf8,
   * db_schema_name utf8, table_name utf8 not null, table_type utf8 not null}.
   */
  public static final Schema GET_TABLES = new Schema(List.of(
      nullable("catalog_name", UTF8), nullable("db_schema_name", UTF8),
      notNull("table_name", UTF8), notNull("table_type", UTF8)));

  /**
   * {@link GetTables} with {@code include_schema}: {@link #GET_TABLES} and
   * {@code table_schema binary not null} (each table's IPC-serialized schema).
   */
  public static final Schema GET_TABLES_WITH_SCHEMA = new Schema(List.of(
      nullable("catalog_name", UTF8), nullable("db_schema_name", UTF8),
      notNull("table_name", UTF8), notNull("table_type", UTF8),
      notNull("table_schema", ArrowType.Binary.INSTANCE)));

  /** {@link GetTableTypes}: {@code table_type utf8 not null}. */
  public static final Schema GET_TABLE_TYPES = new Schema(List.of(notNull("table_type", UTF8)));

  /**
   * {@link GetPrimaryKeys}: {@code catalog_name utf8, db_schema_name utf8,
   * table_name utf8 not null, column_name utf8 not null, key_sequence int32 not null,
   * key_name utf8}: the order Arrow Java and Arrow C++ servers send (FlightSql.proto's comment lists
   * key_name before key_sequence; clients read these columns by name).
   */
  public static final Schema GET_PRIMARY_KEYS = new Schema(List.of(
      nullable("catalog_name", UTF8), nullable("db_schema_name", UTF8),
      notNull("table_name", UTF8), notNull("column_name", UTF8),
      notNull("key_sequence", INT32), nullable("key_name", UTF8)));

  /**
   * {@link GetExportedKeys}, {@link GetImportedKeys} and {@link GetCrossReference}: the
   * primary key side ({@code pk_catalog_name, pk_db_schema_name, pk_table_name not null,
   * pk_column_name not null}), the foreign key side (the same with {@code fk_}),
   * {@code key_sequence int32 not null, fk_key_name, pk_key_name, update_rule uint8 not null,
   * delete_rule uint8 not null}.
   */
  public static final Schema GET_KEYS = new Schema(List.of(
      nullable("pk_catalog_name", UTF8), nullable("pk_db_schema_name", UTF8),
      notNull("pk_table_name", UTF8), notNull("pk_column_name", UTF8),
      nullable("fk_catalog_name", UTF8), nullable("fk_db_schema_name", UTF8),
      notNull("fk_table_name", UTF8), notNull("fk_column_name", UTF8),
      notNull("key_sequence", INT32), nullable("fk_key_name", UTF8), nullable("pk_key_name", UTF8),
      notNull("update_rule", UINT8), notNull("delete_rule", UINT8)));

  /** The type ids of the {@code value} union of {@link #GET_SQL_INFO}, in child order. */
  static final int[] SQL_INFO_TYPE_IDS = {0, 1, 2, 3, 4, 5};

  /**
   * {@link GetSqlInfo}: {@code info_name uint32 not null, value dense_union<string_value utf8,
   * bool_value bool, bigint_value int64, int32_bitmask int32, string_list list<item: utf8>,
   * int32_to_int32_list_map map<int32, list<item: int32>>> not null} (type ids 0 to 5; the six
   * members not null, as Arrow Java and Arrow C++ declare them).
   */
  public static final Schema GET_SQL_INFO = new Schema(List.of(
      notNull("info_name", new ArrowType.Int(32, false)),
      new Field("value", FieldType.notNullable(new ArrowType.Union(UnionMode.Dense, SQL_INFO_TYPE_IDS)), List.of(
          notNull("string_value", UTF8),
          notNull("bool_value", BOOL),
          notNull("bigint_value", new ArrowType.Int(64, true)),
          notNull("int32_bitmask", INT32),
          listOf("string_list", nullable("item", UTF8), false),
          new Field("int32_to_int32_list_map", FieldType.notNullable(new ArrowType.Map(false)), List.of(
              new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                  notNull("key", INT32),
                  listOf("value", nullable("item", INT32), true)))))))));

  /**
   * {@link GetXdbcTypeInfo}: {@code type_name utf8 not null, data_type int32 not null,
   * column_size int32, literal_prefix utf8, literal_suffix utf8,
   * create_params list<item: utf8 not null>, nullable int32 not null,
   * case_sensitive bool not null, searchable int32 not null, unsigned_attribute bool,
   * fixed_prec_scale bool not null, auto_increment bool, local_type_name utf8,
   * minimum_scale int32, maximum_scale int32, sql_data_type int32 not null,
   * datetime_subcode int32, num_prec_radix int32, interval_precision int32}.
   */
  public static final Schema GET_XDBC_TYPE_INFO = new Schema(List.of(
      notNull("type_name", UTF8), notNull("data_type", INT32), nullable("column_size", INT32),
      nullable("literal_prefix", UTF8), nullable("literal_suffix", UTF8),
      listOf("create_params", notNull("item", UTF8), true),
      notNull("nullable", INT32), notNull("case_sensitive", BOOL), notNull("searchable", INT32),
      nullable("unsigned_attribute", BOOL), notNull("fixed_prec_scale", BOOL), nullable("auto_increment", BOOL),
      nullable("local_type_name", UTF8), nullable("minimum_scale", INT32), nullable("maximum_scale", INT32),
      notNull("sql_data_type", INT32), nullable("datetime_subcode", INT32), nullable("num_prec_radix", INT32),
      nullable("interval_precision", INT32)));

  private FlightSqlSchemas() {}

  /**
   * The fixed schema of a metadata command's result.
   *
   * @param command the command
   * @return its result schema, or null for a command without a fixed one (statements, prepared
   *     statements, updates, ingestion, tickets)
   */
  public static Schema of(FlightSqlCommand command) {
    if (command instanceof GetTables t) {
      return t.includeSchema() ? GET_TABLES_WITH_SCHEMA : GET_TABLES;
    }
    if (command instanceof GetCatalogs) {
      return GET_CATALOGS;
    }
    if (command instanceof GetDbSchemas) {
      return GET_DB_SCHEMAS;
    }
    if (command instanceof GetTableTypes) {
      return GET_TABLE_TYPES;
    }
    if (command instanceof GetPrimaryKeys) {
      return GET_PRIMARY_KEYS;
    }
    if (command instanceof GetExportedKeys || command instanceof GetImportedKeys
        || command instanceof GetCrossReference) {
      return GET_KEYS;
    }
    if (command instanceof GetSqlInfo) {
      return GET_SQL_INFO;
    }
    if (command instanceof GetXdbcTypeInfo) {
      return GET_XDBC_TYPE_INFO;
    }
    return null;
  }

  private static Field nullable(String name, ArrowType type) {
    return Field.nullable(name, type);
  }

  private static Field notNull(String name, ArrowType type) {
    return Field.notNullable(name, type);
  }

  private static Field listOf(String name, Field item, boolean nullable) {
    return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(item));
  }
}
