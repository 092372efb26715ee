"""Building real roster workbooks (.xlsx) and ID numbers for the import/export tests."""

from openpyxl import Workbook

HEADERS = ("姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "学历", "单位", "职务", "岗位类别", "职级",
           "任现职时间", "联系电话")



def person(name: str, number: str, unit: str = "丹江镇", title: str = "镇长", **extra) -> dict:
    """One roster row by header: the usual columns, overridable by header name."""
    row = {"姓名": name, "身份证号": number, "单位": unit, "职务": title, "岗位类别": "正职", "职级": "正科",
           "任现职时间": "2020.03", "联系电话": "13800000001", "民族": "苗族", "政治面貌": "中共党员",
           "学历": "大学"}
    return row | extra


def write_roster(path, people: list[dict], headers=HEADERS, *, above: list[list] = (), sheet_title="Sheet1"):
    """A workbook whose header row comes after the `above` rows; cells by header name."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in above:
        sheet.append(row)
    sheet.append(list(headers))
    for values in people:
        sheet.append([values.get(header) for header in headers] if isinstance(values, dict) else list(values))
    workbook.save(path)
    return path


def read_sheet(path) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    try:
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()
