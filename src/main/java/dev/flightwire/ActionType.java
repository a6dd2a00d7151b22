package dev.flightwire;

/**
 * An action a service offers, as ListActions reports it: the type to put in an {@link Action},
 * and a description for people.
 *
 * @param type the action type, as {@link Action#type()} names it; not null
 * @param description what the action does, its request body and its results; "" when given null
 */
public record ActionType(String type, String description) {
  /**
   * Checks the type and replaces a null description with "".
   *
   * @param type the action type; not null
   * @param description the description, or null for ""
   * @throws NullPointerException when {@code type} is null
   */
  public ActionType {
    if (type == null) {
      throw new NullPointerException("type");
    }
    description = description == null ? "" : description;
  }
}
