package dev.flightwire.internal.sql;

import static dev.flightwire.internal.sql.SqlFields.bytes;
import static dev.flightwire.internal.sql.SqlFields.enumOf;
import static dev.flightwire.internal.sql.SqlFields.optional;

import dev.flightwire.internal.proto.sql.CommandStatementIngest;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.TableDefinitionOptions;
import dev.flightwire.sql.TableDefinitionOptions.TableExistsOption;
import dev.flightwire.sql.TableDefinitionOptions.TableNotExistOption;

/** {@link StatementIngest} to and from {@code CommandStatementIngest}. */
final class SqlIngest {
  private SqlIngest() {}

  static CommandStatementIngest toProto(StatementIngest c) {
    CommandStatementIngest.Builder b = CommandStatementIngest.newBuilder()
        .setTable(c.table())
        .setTemporary(c.temporary())
        .putAllOptions(c.options());
    TableDefinitionOptions o = c.tableDefinitionOptions();
    if (o != null) {
      b.setTableDefinitionOptions(CommandStatementIngest.TableDefinitionOptions.newBuilder()
          .setIfNotExistValue(o.ifNotExist().ordinal())
          .setIfExistsValue(o.ifExists().ordinal()));
    }
    if (c.schema() != null) {
      b.setSchema(c.schema());
    }
    if (c.catalog() != null) {
      b.setCatalog(c.catalog());
    }
    byte[] tx = c.transactionId();
    if (tx != null) {
      b.setTransactionId(bytes(tx));
    }
    return b.build();
  }

  static StatementIngest fromProto(CommandStatementIngest p) {
    TableDefinitionOptions options = null;
    if (p.hasTableDefinitionOptions()) {
      CommandStatementIngest.TableDefinitionOptions o = p.getTableDefinitionOptions();
      options = new TableDefinitionOptions(enumOf(TableNotExistOption.values(), o.getIfNotExistValue()),
          enumOf(TableExistsOption.values(), o.getIfExistsValue()));
    }
    return new StatementIngest(options, p.getTable(), optional(p.hasSchema(), p.getSchema()),
        optional(p.hasCatalog(), p.getCatalog()), p.getTemporary(),
        optional(p.hasTransactionId(), p.getTransactionId()), p.getOptionsMap());
  }
}
