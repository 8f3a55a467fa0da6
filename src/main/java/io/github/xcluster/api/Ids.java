package io.github.xcluster.api;

/** Shapes of the metal-stack identifiers our resources carry. */
public final class Ids {
  public static final String UUID_PATTERN =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  private Ids() {}
}
