"""The cadre form and the post form, shared by the add, edit, post and transfer dialogs."""

from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop_app.core.units import list_units
from desktop_app.core.vocabulary import (
    CADRE_STATUSES,
    EDUCATIONS,
    GENDERS,
    POLITICAL_STATUSES,
    POST_TYPES,
    RANKS,
)
from desktop_app.gui.widgets import ValidatedForm, choice_box

CADRE_FIELDS = ("name", "gender", "ethnicity", "birth_month", "id_number", "political_status", "education",
                "phone", "status")
POST_FIELDS = ("unit_id", "title", "post_type", "rank", "start_date", "end_date")


def cadre_form(*, with_status: bool) -> ValidatedForm:
    form = ValidatedForm()
    form.add("name", "姓名", QLineEdit(), "2至20个汉字")
    form.add("id_number", "身份证号", QLineEdit(), "18位；填写后自动得出性别和出生年月")
    form.add("gender", "性别", choice_box(GENDERS, all_label="（按身份证号）"))
    form.add("birth_month", "出生年月", QLineEdit(), "例：1975.03；有身份证号时可不填")
    form.add("ethnicity", "民族", QLineEdit(), "例：汉族、苗族")
    form.add("political_status", "政治面貌", choice_box(POLITICAL_STATUSES, all_label="", editable=True))
    form.add("education", "学历", choice_box(EDUCATIONS, all_label="", editable=True))
    form.add("phone", "联系电话", QLineEdit(), "11位手机号或带区号的固定电话")
    if with_status:
        form.add("status", "状态", choice_box(CADRE_STATUSES, all_label=None))
    return form


def post_form(ctx, *, start_label: str = "任职时间", with_end: bool = False) -> ValidatedForm:
    form = ValidatedForm()
    form.add("unit_id", "单位", unit_box(ctx))
    form.add("title", "职务", QLineEdit(), "例：党委书记、副局长")
    form.add("post_type", "岗位类别", choice_box(POST_TYPES, all_label=None))
    form.add("rank", "职级", choice_box(RANKS, all_label="", editable=True))
    form.add("start_date", start_label, QLineEdit(), "例：2024-03-01 或 2024.03")
    if with_end:
        form.add("end_date", "离任时间", QLineEdit(), "仍在任则留空")
    return form


def unit_box(ctx) -> QComboBox:
    """Units in display order; typing a name's first characters selects it."""
    box = choice_box([(u["id"], u["name"]) for u in list_units(ctx.reader, ctx.today())], all_label="（请选择单位）")
    box.setMaxVisibleItems(20)
    return box


def form_values(form: ValidatedForm, fields) -> dict:
    return {key: form.value(key) for key in fields if key in form.fields}


def unit_exists_in(form: ValidatedForm):
    box: QComboBox = form.fields["unit_id"]
    ids = {box.itemData(i) for i in range(box.count())} - {None}
    return lambda unit_id: unit_id in ids
