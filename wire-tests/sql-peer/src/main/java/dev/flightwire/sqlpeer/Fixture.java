package dev.flightwire.sqlpeer;

import java.util.List;

/**
 * The tables the test writes into the served directory before it starts {@code serve --sql --dir}
 * (see README.md): what the peers expect to find.
 */
final class Fixture {
  /** {@code people.arrow}: id int64 not null, name utf8, score float64 (row 4's score is null). */
  static final String PEOPLE = "people";
  static final List<String> PEOPLE_COLUMNS = List.of("id", "name", "score");
  static final long[] IDS = {1, 2, 3, 4};
  static final String[] NAMES = {"ada", "grace", "linus", "barbara"};
  static final Double[] SCORES = {9.5, 8.25, 7.0, null};

  /** {@code big.arrows}: n int64 not null, 0 .. 999,999, in several batches. */
  static final String BIG = "big";
  static final long BIG_ROWS = 1_000_000;
  static final long BIG_SUM = BIG_ROWS * (BIG_ROWS - 1) / 2;

  private Fixture() {}
}
