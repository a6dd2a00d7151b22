package dev.flightwire;

/**
 * Why SetSessionOptions refused one option (Flight's {@code SetSessionOptionsResult.ErrorValue}),
 * as {@link FlightClient#setSessionOptions} reports it and {@link FlightServerBase#setSessionOptions}
 * returns it. The order of the constants is the protobuf enum's: the ordinal is the value on the
 * wire; a client reads a value it does not know as {@link #UNSPECIFIED}.
 */
public enum SessionOptionError {
  /** No reason given (protobuf default). */
  UNSPECIFIED,
  /** The option name is not known or not allowed. */
  INVALID_NAME,
  /** The value is not valid for the option. */
  INVALID_VALUE,
  /** Any other failure. */
  ERROR
}
