/// RosterExcel: the roster grid (排班表) as a real .xlsx workbook, written and read back.
public enum RosterExcel {}
