package dev.flightwire;

/** An action a service offers, as ListActions reports it. */
public record ActionType(String type, String description) {
  public ActionType {
    if (type == null) {
      throw new NullPointerException("type");
    }
    description = description == null ? "" : description;
  }
}
