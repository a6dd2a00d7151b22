package dev.flightwire;

/** Why SetSessionOptions refused one option (Flight's {@code SetSessionOptionsResult.ErrorValue}). */
public enum SessionOptionError {
  UNSPECIFIED,
  /** The option name is not known or not allowed. */
  INVALID_NAME,
  /** The value is not valid for the option. */
  INVALID_VALUE,
  /** Any other failure. */
  ERROR
}
