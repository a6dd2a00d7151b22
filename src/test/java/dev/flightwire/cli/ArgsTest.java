package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Option parsing: forms, positionals, and the usage errors. */
class ArgsTest {
  private static final List<Option> OPTIONS = List.of(
      Option.value("output", "FILE", "out"),
      Option.flag("verbose", "v"),
      Option.flag("help", "h"),
      Option.repeatable("header", "NAME=VALUE", "h"));

  private static Args parse(String... argv) throws UsageException {
    return Args.parse(OPTIONS, List.of(argv));
  }

  @Test
  void optionsAndPositionalsMix() throws UsageException {
    Args a = parse("grpc://h:1", "--output", "x.csv", "a/b", "--verbose", "--header=k=v", "--header", "k2=v2");
    assertEquals(List.of("grpc://h:1", "a/b"), a.positionals());
    assertEquals("x.csv", a.value("output"));
    assertTrue(a.has("verbose"));
    assertEquals(List.of("k=v", "k2=v2"), a.all("header"));
    assertNull(a.value("missing"));
    assertNull(a.positional(5));
  }

  @Test
  void aDoubleDashEndsOptionsAndADashIsPositional() throws UsageException {
    Args a = parse("-", "--", "--verbose", "-x");
    assertEquals(List.of("-", "--verbose", "-x"), a.positionals());
    assertFalse(a.has("verbose"));
  }

  @Test
  void shortHelp() throws UsageException {
    assertTrue(parse("-h").has("help"));
  }

  @Test
  void usageErrors() {
    assertEquals("unknown option '--outptu' (did you mean --output?)",
        assertThrows(UsageException.class, () -> parse("--outptu", "x")).getMessage());
    assertEquals("unknown option '--zzzzzz'", assertThrows(UsageException.class, () -> parse("--zzzzzz")).getMessage());
    assertEquals("unknown option '-o'", assertThrows(UsageException.class, () -> parse("-o")).getMessage());
    assertEquals("--output needs a value (FILE)", assertThrows(UsageException.class, () -> parse("--output")).getMessage());
    assertEquals("--verbose takes no value", assertThrows(UsageException.class, () -> parse("--verbose=yes")).getMessage());
    assertEquals("--output is given twice",
        assertThrows(UsageException.class, () -> parse("--output", "a", "--output", "b")).getMessage());
  }

  @Test
  void positionalCounts() throws UsageException {
    Args a = parse("loc");
    assertEquals("missing PATH",
        assertThrows(UsageException.class, () -> a.expectPositionals(2, 2, "LOCATION", "PATH")).getMessage());
    Args b = parse("loc", "p", "extra");
    assertEquals("unexpected argument 'extra'",
        assertThrows(UsageException.class, () -> b.expectPositionals(1, 2, "LOCATION", "PATH")).getMessage());
  }

  @Test
  void numbers() throws UsageException {
    List<Option> o = List.of(Option.value("limit", "N", "n"));
    assertEquals(50, Args.parse(o, List.of()).longValue("limit", 50, 0, 100));
    assertEquals(1000, Args.parse(o, List.of("--limit", "1_000")).longValue("limit", 50, 0, 10_000));
    assertEquals("--limit needs a whole number, not 'ten'", assertThrows(UsageException.class,
        () -> Args.parse(o, List.of("--limit", "ten")).longValue("limit", 50, 0, 100)).getMessage());
    assertEquals("--limit must be between 0 and 100, not -1", assertThrows(UsageException.class,
        () -> Args.parse(o, List.of("--limit=-1")).longValue("limit", 50, 0, 100)).getMessage());
  }

  @Test
  void outputFormats() throws UsageException {
    List<Option> o = List.of(DataFormat.OUTPUT, DataFormat.FORMAT);
    assertEquals(DataFormat.TABLE, DataFormat.chosen(Args.parse(o, List.of())));
    assertEquals(DataFormat.CSV, DataFormat.chosen(Args.parse(o, List.of("--output", "a.CSV"))));
    assertEquals(DataFormat.ARROW_FILE, DataFormat.chosen(Args.parse(o, List.of("--output", "a.feather"))));
    assertEquals(DataFormat.ARROW_STREAM, DataFormat.chosen(Args.parse(o, List.of("--output", "a.arrows"))));
    assertEquals(DataFormat.CSV, DataFormat.chosen(Args.parse(o, List.of("--format", "csv"))));
    assertEquals(DataFormat.ARROW_FILE, DataFormat.chosen(Args.parse(o, List.of("--output", "x.dat", "--format", "arrow"))));
    assertThrows(UsageException.class, () -> DataFormat.chosen(Args.parse(o, List.of("--output", "x.dat"))));
    assertThrows(UsageException.class, () -> DataFormat.chosen(Args.parse(o, List.of("--format", "parquet"))));
  }

  @Test
  void levenshtein() {
    assertEquals(0, Args.distance("abc", "abc"));
    assertEquals(2, Args.distance("outptu", "output"));
    assertEquals(3, Args.distance("", "abc"));
  }
}
