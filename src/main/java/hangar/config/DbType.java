package hangar.config;

/** The database behind the lab, chosen by {@code db_type}. */
public enum DbType {
  H2,
  POSTGRESQL,
  MYSQL
}
