package hotline.directory;

/** Kinds of unit in the bureau's hierarchy. */
public enum UnitKind {
  PROVINCIAL_CENTRE, CITY_BUREAU, DEPARTMENT, COUNTY_BUREAU, MONITORING_CENTRE, SUPERVISION_OFFICE, LEADERSHIP, OTHER
}
